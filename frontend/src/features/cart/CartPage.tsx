import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import { formatWon } from "../../lib/format";
import { groupByFirm } from "./cartLogic";
import { CartLineItem } from "./CartLineItem";
import { useCart } from "./useCart";
import "./cart.css";

export function CartPage() {
  const { t } = useTranslation("cart");
  const cart = useCart();
  // What the last change did, for screen readers (the line itself may be gone).
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const onChanged = (message: string, removed: boolean) => {
    setAnnouncement(message);
    if (removed) heading.current?.focus(); // the line and its button are gone: land somewhere sensible
  };

  if (cart.isPending) return <Loading />;
  if (cart.isError) return <ErrorState error={cart.error} onRetry={() => void cart.refetch()} />;

  const groups = groupByFirm(cart.data.lines);
  const unavailable = groups.reduce((sum, group) => sum + group.unavailable, 0);

  return (
    <section className="page cart-page">
      <h1 ref={heading} tabIndex={-1}>
        {t("title")}
      </h1>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      {groups.length === 0 ? (
        <div className="notice">
          <p>{t("empty")}</p>
          <Link to="/">{t("browse")}</Link>
        </div>
      ) : (
        <div className="cart-page__layout">
          <div className="cart-page__firms">
            {groups.length > 1 && <p className="field__hint">{t("splitNote", { count: groups.length })}</p>}
            {groups.map((group) => (
              <section key={group.firmId} className="cart-firm" aria-labelledby={`cart-firm-${group.firmId}`}>
                <h2 id={`cart-firm-${group.firmId}`} className="cart-firm__name">
                  {group.firmName}
                </h2>
                <ul className="cart-firm__lines">
                  {group.lines.map((line) => (
                    <CartLineItem key={line.product_id} line={line} onChanged={onChanged} />
                  ))}
                </ul>
                <p className="cart-firm__subtotal">
                  {t("firmSubtotal")} <strong>{formatWon(group.subtotal)}</strong>
                </p>
              </section>
            ))}
          </div>
          <aside className="cart-summary" aria-labelledby="cart-summary-title">
            <h2 id="cart-summary-title">{t("summary")}</h2>
            <dl className="cart-summary__rows">
              <div>
                <dt>{t("itemsTotal")}</dt>
                <dd>{formatWon(cart.data.items_total)}</dd>
              </div>
              <div>
                <dt>{t("shipping")}</dt>
                <dd>{formatWon(0)}</dd>
              </div>
              <div className="cart-summary__total">
                <dt>{t("total")}</dt>
                <dd>{formatWon(cart.data.items_total)}</dd>
              </div>
            </dl>
            {unavailable > 0 ? (
              <p className="notice notice--warning" id="cart-blocked">
                {t("unavailableNote", { count: unavailable })}
              </p>
            ) : null}
            {unavailable > 0 ? (
              <button type="button" className="button cart-summary__order" disabled aria-describedby="cart-blocked">
                {t("order")}
              </button>
            ) : (
              <Link to="/checkout" className="button cart-summary__order">
                {t("order")}
              </Link>
            )}
          </aside>
        </div>
      )}
    </section>
  );
}
