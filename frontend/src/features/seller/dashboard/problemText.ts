import type { TFunction } from "i18next";
import type { ListingProblem } from "./attention";

/** A listing's problem in the reader's language; the server's own words where it gave a reason. */
export function problemText(t: TFunction<"seller">, problem: ListingProblem): string {
  switch (problem.code) {
    case "firm_rejected":
      return t("problem.firm_rejected", { reason: problem.detail });
    case "designation":
      return t("problem.designation", { reason: problem.detail });
    default:
      return t(`problem.${problem.code}`);
  }
}
