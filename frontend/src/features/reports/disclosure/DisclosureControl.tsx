import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { formatDate } from "../../../lib/format";
import { useAgencyDisclosures, usePublish, useWithdraw } from "./api";
import "./disclosure.css";

/**
 * On the agency's performance page: whether the year is on the public disclosure page, and (for an agency admin)
 * publishing or withdrawing it. What the server allows decides the button (can_publish); its refusal is shown.
 */
export function DisclosureControl({ year, admin }: { year: number; admin: boolean }) {
  const { t } = useTranslation("reportsDisclosure");
  const years = useAgencyDisclosures();
  const publish = usePublish();
  const withdraw = useWithdraw();
  const { message, announce, statusRef } = useAnnouncement();
  const row = years.data?.find((entry) => entry.year === year);
  const published = row?.published ?? false;
  const busy = publish.isPending || withdraw.isPending;
  const failed = publish.error ?? withdraw.error;

  if (years.isPending) return null; // the state is not known yet: no button that might be the wrong one
  if (years.isError) return null; // the performance page above already says what failed

  const act = (move: typeof publish, done: string) =>
    move.mutate(year, { onSuccess: () => announce(done), onError: () => announce("") });

  return (
    <section className="disclosure-control" aria-labelledby="disclosure-control-title">
      <h2 id="disclosure-control-title">{t("control.title")}</h2>
      <p>
        {published && row?.published_at
          ? t("control.published", { year, day: formatDate(row.published_at) })
          : t("control.notPublished", { year })}{" "}
        <a href={`/disclosure?year=${year}`}>{t("control.open")}</a>
      </p>
      {admin && published && (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => act(withdraw, t("control.withdrawn", { year }))}>
          {t("control.withdraw", { year })}
        </button>
      )}
      {admin && !published && (
        <>
          <button
            type="button"
            className="button"
            disabled={busy || !row?.can_publish}
            aria-describedby={row?.can_publish ? undefined : "disclosure-control-why"}
            onClick={() => act(publish, t("control.done", { year }))}
          >
            {t("control.publish", { year })}
          </button>
          {!row?.can_publish && (
            <p id="disclosure-control-why" className="disclosure-note">
              {t("control.needsTotal", { year })}
            </p>
          )}
        </>
      )}
      {!admin && <p className="disclosure-note">{t("control.adminOnly")}</p>}
      <p ref={statusRef} tabIndex={-1} role="status" className="disclosure-status">
        {failed instanceof ApiError ? failed.message : message}
      </p>
    </section>
  );
}
