import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { useMonthlySummary, useSetMonthlySummary } from "./api";
import "./monthly.css";

/**
 * The monthly e-mail summary's switch (a checkbox, so it is one keystroke and says its state): on the citizen's
 * orders page and the seller's dashboard. What the e-mail is about (sales or purchases) is the server's answer.
 */
export function MonthlySummaryToggle() {
  const { t } = useTranslation("reportsMonthly");
  const id = useId();
  const state = useMonthlySummary();
  const change = useSetMonthlySummary();
  if (!state.data) return null; // signed out, or still loading: nothing to switch yet
  const { subscribed, audience } = state.data;
  return (
    <section className="monthly-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("title")}</h2>
      <div className="monthly-summary__switch">
        <input
          id={`${id}-on`}
          type="checkbox"
          checked={subscribed}
          disabled={change.isPending}
          aria-describedby={`${id}-what`}
          onChange={(event) => change.mutate(event.target.checked)}
        />
        <label htmlFor={`${id}-on`}>{t("label")}</label>
      </div>
      <p id={`${id}-what`} className="monthly-summary__what">
        {t(audience === "seller" ? "what.seller" : "what.citizen")}
      </p>
      <p role="status" className="monthly-summary__status">
        {change.error instanceof ApiError
          ? change.error.message
          : change.isSuccess
            ? t(subscribed ? "on" : "off")
            : ""}
      </p>
    </section>
  );
}
