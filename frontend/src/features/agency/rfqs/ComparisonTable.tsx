import { useTranslation } from "react-i18next";
import { formatDate, formatNumber, formatWon } from "../../../lib/format";
import type { Comparison } from "../api";
import { comparisonGrid } from "./comparisonGrid";

interface Props {
  comparison: Comparison;
  /** The quotations the caller may select now (the server's can_select). */
  selectable: ReadonlySet<number>;
  onSelect: (quotationId: number) => void;
}

/** Quotations side by side: per item each firm's unit price and line total, then the totals and terms. */
export function ComparisonTable({ comparison, selectable, onSelect }: Props) {
  const { t } = useTranslation("agency");
  const { columns, rows } = comparisonGrid(comparison);
  const cheapest = <span className="badge agency-badge--ok agency-cheapest">{t("compare.cheapest")}</span>;
  return (
    // A wide table scrolls sideways on a phone: the region takes keyboard focus so it can be scrolled by keys.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="compare-caption">
      <table className="agency-table agency-compare">
        <caption id="compare-caption">{t("compare.caption", { count: columns.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.item")}</th>
            {columns.map((quotation) => (
              <th scope="col" key={quotation.id}>
                {quotation.firm_name}
                <div className="agency-muted">{quotation.number}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ item, cells }) => (
            <tr key={item.id}>
              <th scope="row">
                {item.description}
                <div className="agency-muted">
                  {t("compare.quantity", { quantity: formatNumber(item.quantity), unit: item.unit })}
                  {item.catalogue_unit_price != null && (
                    <> · {t("compare.cataloguePrice", { price: formatWon(item.catalogue_unit_price) })}</>
                  )}
                </div>
              </th>
              {cells.map(({ quotation, offer }) =>
                offer ? (
                  <td key={quotation.id} className={`agency-num${offer.cheapest ? " agency-compare__best" : ""}`}>
                    <div>{t("compare.unitPrice", { price: formatWon(offer.unit_price) })}</div>
                    <div>
                      <strong>{formatWon(offer.line_total)}</strong>
                    </div>
                    <div className="agency-muted">
                      {offer.vat_exempt
                        ? t("compare.exempt")
                        : t("compare.split", { supply: formatWon(offer.supply_value), vat: formatWon(offer.vat) })}
                    </div>
                    {offer.above_catalogue_price && <div className="agency-warn">{t("compare.aboveCatalogue")}</div>}
                    {offer.cheapest && cheapest}
                  </td>
                ) : (
                  <td key={quotation.id} className="agency-muted">
                    {t("compare.noOffer")}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("money.supply")}</th>
            {columns.map((quotation) => (
              <td key={quotation.id} className="agency-num">
                {formatWon(quotation.supply_total)}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("money.vat")}</th>
            {columns.map((quotation) => (
              <td key={quotation.id} className="agency-num">
                {formatWon(quotation.vat_total)}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("money.total")}</th>
            {columns.map((quotation) => (
              <td key={quotation.id} className={`agency-num${quotation.cheapest ? " agency-compare__best" : ""}`}>
                <strong>{formatWon(quotation.total)}</strong>
                {quotation.cheapest && <div>{cheapest}</div>}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("compare.validUntil")}</th>
            {columns.map((quotation) => (
              <td key={quotation.id}>
                {formatDate(quotation.valid_until)}
                {!quotation.valid && <div className="agency-warn">{t("compare.expired")}</div>}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("compare.terms")}</th>
            {columns.map((quotation) => (
              <td key={quotation.id}>{quotation.delivery_terms || "—"}</td>
            ))}
          </tr>
          {selectable.size > 0 && (
            <tr>
              <th scope="row">
                <span className="visually-hidden">{t("compare.choose")}</span>
              </th>
              {columns.map((quotation) => (
                <td key={quotation.id}>
                  {selectable.has(quotation.id) && (
                    <button
                      type="button"
                      className="button"
                      aria-label={t("compare.selectFirm", { firm: quotation.firm_name })}
                      onClick={() => onSelect(quotation.id)}
                    >
                      {t("compare.select")}
                    </button>
                  )}
                </td>
              ))}
            </tr>
          )}
        </tfoot>
      </table>
    </div>
  );
}
