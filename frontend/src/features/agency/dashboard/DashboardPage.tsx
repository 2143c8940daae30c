import { useTranslation } from "react-i18next";
import { useMe } from "../../../app/session";
import { usePageTitle } from "../ui";

/** /agency: the member's agency. What waits for them (approvals, requests, deliveries, invoices) joins it as the
 * API for each step lands. */
export function DashboardPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("dashboard.title"));
  const me = useMe();
  return (
    <section className="page">
      <h1>{t("dashboard.title")}</h1>
      <p className="agency-lead">{t("dashboard.welcome", { name: me.data?.agency?.name ?? "" })}</p>
    </section>
  );
}
