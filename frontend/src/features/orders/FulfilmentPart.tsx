import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../components/FormError";
import { formatDate, formatDateTime, formatNumber, formatWon } from "../../lib/format";
import { ClaimForm } from "./ClaimForm";
import type { Fulfilment } from "./orderRules";
import { useConfirmPurchase } from "./queries";
import { StatusBadge } from "./StatusBadge";

/** One firm's part of the order: its lines, status, tracking, and the buyer's 구매확정 or claim. */
export function FulfilmentPart({
  orderId,
  part,
  paid,
  onDone,
}: {
  orderId: number;
  part: Fulfilment;
  paid: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("orders");
  const confirm = useConfirmPurchase(orderId);
  const [claiming, setClaiming] = useState(false);
  const headingId = `part-${part.id}-title`;
  const confirmError = confirm.isError ? (fieldErrors(confirm.error).form ?? confirm.error.message) : null;

  return (
    <section className="order-part" aria-labelledby={headingId}>
      <div className="order-part__head">
        <h3 id={headingId} className="order-part__firm">
          {part.firm_name}
        </h3>
        {paid && <StatusBadge kind="part" status={part.status} />}
      </div>
      <div className="table-scroll">
        <table className="order-part__lines">
          <caption className="visually-hidden">{t("part.linesOf", { firm: part.firm_name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("part.product")}</th>
              <th scope="col">{t("part.quantity")}</th>
              <th scope="col">{t("part.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {part.lines.map((line, index) => (
              <tr key={`${line.product_id ?? "gone"}-${index}`}>
                <td>{line.title}</td>
                <td>
                  {formatNumber(line.quantity)}
                  {line.unit}
                </td>
                <td>{formatWon(line.line_total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t("part.subtotal")}
              </th>
              <td>{formatWon(part.items_total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <dl className="order-part__facts">
        {part.carrier && (
          <div>
            <dt>{t("part.tracking")}</dt>
            <dd>
              {part.carrier} {part.tracking_number}
            </dd>
          </div>
        )}
        {part.delivered_at && (
          <div>
            <dt>{t("part.deliveredAt")}</dt>
            <dd>{formatDateTime(part.delivered_at)}</dd>
          </div>
        )}
        {part.status === "delivered" && part.auto_confirm_at && (
          <div>
            <dt>{t("part.autoConfirm")}</dt>
            <dd>{t("part.autoConfirmAt", { date: formatDate(part.auto_confirm_at) })}</dd>
          </div>
        )}
        {part.purchase_confirmed_at && (
          <div>
            <dt>{t("part.purchaseConfirmedAt")}</dt>
            <dd>{formatDateTime(part.purchase_confirmed_at)}</dd>
          </div>
        )}
        {part.cancel_reason && (
          <div>
            <dt>{t("part.cancelReason")}</dt>
            <dd>{part.cancel_reason}</dd>
          </div>
        )}
        {part.refunded_amount > 0 && (
          <div>
            <dt>{t("part.refunded")}</dt>
            <dd>{formatWon(part.refunded_amount)}</dd>
          </div>
        )}
      </dl>
      {part.claims.length > 0 && (
        <ul className="order-part__claims">
          {part.claims.map((claim) => (
            <li key={claim.id}>
              <strong>{t(`claim.kind.${claim.kind}`, { defaultValue: claim.kind })}</strong> ·{" "}
              {t(`claim.status.${claim.status}`, { defaultValue: claim.status })} · {formatDate(claim.opened_at)}
              <br />
              {claim.reason}
              {claim.resolution_note && (
                <>
                  <br />
                  {t("claim.resolution")}: {claim.resolution_note}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {(part.can_confirm_purchase || part.can_claim) && (
        <div className="order-page__actions">
          {part.can_confirm_purchase && (
            <button
              type="button"
              className="button"
              disabled={confirm.isPending}
              onClick={() =>
                confirm.mutate(part.id, { onSuccess: () => onDone(t("part.confirmed", { firm: part.firm_name })) })
              }
            >
              {t("part.confirmPurchase")}
              <span className="visually-hidden"> ({part.firm_name})</span>
            </button>
          )}
          {part.can_claim && (
            <button
              type="button"
              className="button button--secondary"
              aria-expanded={claiming}
              aria-controls={claiming ? `part-${part.id}-claim` : undefined}
              onClick={() => setClaiming((open) => !open)}
            >
              {t("part.openClaim")}
              <span className="visually-hidden"> ({part.firm_name})</span>
            </button>
          )}
        </div>
      )}
      {part.can_confirm_purchase && <p className="field__hint">{t("part.confirmHint")}</p>}
      {confirmError && (
        <p className="field__error" role="alert">
          {confirmError}
        </p>
      )}
      {claiming && part.can_claim && (
        <ClaimForm
          orderId={orderId}
          part={part}
          onClose={() => setClaiming(false)}
          onDone={() => {
            setClaiming(false);
            onDone(t("claim.sent", { firm: part.firm_name }));
          }}
        />
      )}
    </section>
  );
}
