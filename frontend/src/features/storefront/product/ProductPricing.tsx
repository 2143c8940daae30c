import { useTranslation } from "react-i18next";
import { formatNumber, formatWon } from "../../../lib/format";
import type { Product } from "../queries";
import { volumePriceRows } from "./volumePrices";

/**
 * Under the price: the 면세 (VAT-exempt) mark, and the volume prices as a table ("10개 이상 9,000원") from the
 * minimum order up, as the cart and checkout charge them. Nothing when the product has neither.
 */
export function ProductPricing({ product, unit }: { product: Product; unit: string }) {
  const { t } = useTranslation("storefront");
  const tiers = product.price_tiers ?? [];
  const rows = tiers.length ? volumePriceRows(product.price, tiers, product.min_order_quantity ?? 1) : [];
  return (
    <>
      {product.vat_exempt && (
        <p className="product__tax">
          <span className="badge badge--exempt">{t("pricing.exempt")}</span> {t("pricing.exemptNote")}
        </p>
      )}
      {rows.length > 1 && (
        <div className="volume-prices">
          <table>
            <caption>{t("pricing.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pricing.quantity")}</th>
                <th scope="col">{t("pricing.unitPrice", { unit })}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.from}>
                  <th scope="row">{t("pricing.from", { quantity: formatNumber(row.from), unit })}</th>
                  <td>{formatWon(row.unitPrice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
