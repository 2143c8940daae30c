import { describe, expect, it } from "vitest";
import { inspectionBody, inspectionProblems, inspectionTotals, type LineChoice } from "./inspection";

const choice = (purchaseLineId: number, result: LineChoice["result"], reason = ""): LineChoice => ({ purchaseLineId, result, reason });

describe("inspectionProblems", () => {
  it("asks for a result on every line and a reason on every rejection, by the API's field names", () => {
    expect(
      inspectionProblems([choice(5, null), choice(6, "rejected", "   "), choice(7, "accepted"), choice(8, "rejected", "파손")]),
    ).toEqual({ "results[0].result": "result_required", "results[1].reason": "reason_required" });
  });

  it("is empty when every line is decided", () => {
    expect(inspectionProblems([choice(5, "accepted"), choice(6, "rejected", "수량 부족")])).toEqual({});
  });
});

describe("inspectionBody", () => {
  it("names the purchase lines, trims reasons and sends none with an acceptance", () => {
    expect(inspectionBody([choice(5, "accepted", "left over"), choice(6, "rejected", " 파손 ")], "2026-12-05")).toEqual({
      results: [
        { purchase_line_id: 5, result: "accepted", reason: "" },
        { purchase_line_id: 6, result: "rejected", reason: "파손" },
      ],
      accepted_on: "2026-12-05",
    });
  });

  it("leaves the day to the server when none is given", () => {
    expect(inspectionBody([choice(5, "accepted")], "").accepted_on).toBeNull();
  });
});

describe("inspectionTotals", () => {
  it("adds the amounts of the lines accepted and rejected so far", () => {
    const lines = [{ amount: 10_000 }, { amount: 2_500 }, { amount: 700 }];
    expect(inspectionTotals(lines, [choice(1, "accepted"), choice(2, "rejected", "x"), choice(3, null)])).toEqual({
      accepted: 10_000,
      rejected: 2_500,
    });
  });
});
