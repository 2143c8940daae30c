import { describe, expect, it } from "vitest";
import type { components } from "../../../api/schema";
import { designationAttention, listingProblem, seoulToday } from "./attention";

type Designation = components["schemas"]["Designation"];

const verified = { verification_status: "verified" as const, rejection_reason: "" };
const publicProduct = { is_public: true, hidden_reason: "", status: "published" as const, in_stock: true };

describe("listingProblem", () => {
  it("is null for a public listing in stock", () => {
    expect(listingProblem(publicProduct, verified)).toBeNull();
  });

  it("names a draft and a listing the seller hid", () => {
    const hidden = { is_public: false, hidden_reason: "x", in_stock: true };
    expect(listingProblem({ ...hidden, status: "draft" }, verified)).toEqual({ code: "draft" });
    expect(listingProblem({ ...hidden, status: "hidden" }, verified)).toEqual({ code: "hidden" });
  });

  it("names the firm's verification when a published listing is hidden for it", () => {
    const product = { is_public: false, hidden_reason: "업체 인증 검토 중", status: "published" as const, in_stock: true };
    expect(listingProblem(product, { verification_status: "pending", rejection_reason: "" })).toEqual({
      code: "firm_pending",
    });
    expect(listingProblem(product, { verification_status: "rejected", rejection_reason: "서류 누락" })).toEqual({
      code: "firm_rejected",
      detail: "서류 누락",
    });
  });

  it("gives the server's words when a verified firm's designation lapsed", () => {
    const reason = "사회적기업 지정이 2026-01-31에 만료되었습니다";
    const product = { is_public: false, hidden_reason: reason, status: "published" as const, in_stock: true };
    expect(listingProblem(product, verified)).toEqual({ code: "designation", detail: reason });
  });

  it("flags a public listing nobody can buy for want of stock", () => {
    expect(listingProblem({ ...publicProduct, in_stock: false }, verified)).toEqual({ code: "out_of_stock" });
  });

  it("puts the hiding before the stock", () => {
    expect(listingProblem({ ...publicProduct, is_public: false, status: "draft", in_stock: false }, verified)).toEqual({
      code: "draft",
    });
  });
});

function designation(overrides: Partial<Designation>): Designation {
  return {
    id: 1,
    kind: "social_enterprise",
    kind_display: "사회적기업",
    number: "",
    start_date: "2024-01-01",
    end_date: null,
    status: "active",
    is_valid: true,
    ...overrides,
  };
}

describe("designationAttention", () => {
  it("lists valid designations ending within the window, soonest first", () => {
    const result = designationAttention(
      [
        designation({ id: 1, end_date: "2026-03-01" }),
        designation({ id: 2, end_date: "2026-01-11" }),
        designation({ id: 3, end_date: "2026-12-31" }),
        designation({ id: 4, end_date: null }),
      ],
      "2026-01-10",
      60,
    );
    expect(result.missing).toBe(false);
    expect(result.expiring.map(({ designation: d, daysLeft }) => [d.id, daysLeft])).toEqual([
      [2, 1],
      [1, 50],
    ]);
  });

  it("counts the last day of the window and the day itself", () => {
    const result = designationAttention(
      [designation({ id: 1, end_date: "2026-03-11" }), designation({ id: 2, end_date: "2026-01-10" })],
      "2026-01-10",
      60,
    );
    expect(result.expiring.map(({ daysLeft }) => daysLeft)).toEqual([0, 60]);
  });

  it("says a firm with no valid designation is missing one, and lists those awaiting confirmation", () => {
    const waiting = designation({ id: 5, status: "pending", is_valid: false });
    const result = designationAttention([designation({ is_valid: false, status: "revoked" }), waiting], "2026-01-10");
    expect(result.missing).toBe(true);
    expect(result.expiring).toEqual([]);
    expect(result.pending).toEqual([waiting]);
  });

  it("reads today in Seoul, not UTC", () => {
    expect(seoulToday(new Date("2026-01-10T16:00:00Z"))).toBe("2026-01-11");
  });
});
