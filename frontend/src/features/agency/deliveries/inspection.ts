// The inspection form's state and its own check before sending: every delivered line accepted or rejected, and a
// rejection says why. The server checks the same (and more); its refusals land on the same fields, named the way
// the API names them (results[n].result, results[n].reason), n being the line's place in the delivery.

export type Verdict = "accepted" | "rejected";

export interface LineChoice {
  purchaseLineId: number;
  result: Verdict | null;
  reason: string;
}

export interface InspectionBody {
  results: { purchase_line_id: number; result: Verdict; reason: string }[];
  accepted_on: string | null;
}

export type Problem = "result_required" | "reason_required";

/** The field of each line that is not ready, by the API's name for it; empty when the form may be sent. */
export function inspectionProblems(choices: readonly LineChoice[]): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  choices.forEach((choice, index) => {
    if (choice.result === null) problems[`results[${index}].result`] = "result_required";
    else if (choice.result === "rejected" && !choice.reason.trim()) problems[`results[${index}].reason`] = "reason_required";
  });
  return problems;
}

/** The body for inspect/: only called once inspectionProblems is empty. A reason goes with a rejection only. */
export function inspectionBody(choices: readonly LineChoice[], acceptedOn: string): InspectionBody {
  return {
    results: choices.map((choice) => ({
      purchase_line_id: choice.purchaseLineId,
      result: choice.result as Verdict,
      reason: choice.result === "rejected" ? choice.reason.trim() : "",
    })),
    accepted_on: acceptedOn || null,
  };
}

/** Accepted and rejected amounts as chosen so far (VAT included), for the form's summary. */
export function inspectionTotals(lines: readonly { amount: number }[], choices: readonly LineChoice[]) {
  let accepted = 0;
  let rejected = 0;
  choices.forEach((choice, index) => {
    const amount = lines[index]?.amount ?? 0;
    if (choice.result === "accepted") accepted += amount;
    if (choice.result === "rejected") rejected += amount;
  });
  return { accepted, rejected };
}
