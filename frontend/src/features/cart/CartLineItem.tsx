import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { fieldErrors } from "../../components/FormError";
import { formatNumber, formatWon } from "../../lib/format";
import { checkLineQuantity, hasVolumePrice, nextVolumePrice, type CartLine } from "./cartLogic";
import { useSetCartQuantity } from "./useCart";

/**
 * One cart line: its unit price for its quantity as the server priced it (a volume price shows the product's
 * own price struck through, and the next volume price is hinted), the quantity (checked against minimum and
 * stock, then the API), its total, removal.
 */
export function CartLineItem({ line, onChanged }: { line: CartLine; onChanged: (message: string, removed: boolean) => void }) {
  const { t } = useTranslation("cart");
  const change = useSetCartQuantity();
  const [typed, setTyped] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const value = typed ?? String(line.quantity);
  const unit = line.unit || t("defaultUnit");
  const id = `cart-line-${line.product_id}`;
  const tiered = hasVolumePrice(line);
  const next = nextVolumePrice(line);

  const server = change.isError ? fieldErrors(change.error) : null;
  const error = localError ?? (server ? (server.fields.quantity ?? server.form ?? Object.values(server.fields)[0] ?? null) : null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const check = checkLineQuantity(value, line);
    if (!check.ok) {
      setLocalError(
        t(`quantity.${check.problem}`, { minimum: formatNumber(line.min_order_quantity), stock: formatNumber(line.stock), unit }),
      );
      document.getElementById(`${id}-quantity`)?.focus();
      return;
    }
    setLocalError(null);
    change.mutate(
      { productId: line.product_id, quantity: check.quantity },
      {
        onSuccess: () => {
          setTyped(null);
          onChanged(t("changed", { title: line.title, quantity: formatNumber(check.quantity), unit }), false);
        },
      },
    );
  }

  function onRemove() {
    change.mutate(
      { productId: line.product_id, quantity: 0 },
      { onSuccess: () => onChanged(t("removed", { title: line.title }), true) },
    );
  }

  return (
    <li className={line.available ? "cart-line" : "cart-line cart-line--unavailable"}>
      <div className="cart-line__info">
        <Link to={`/products/${line.product_id}`} className="cart-line__title">
          {line.title}
        </Link>
        <p className="cart-line__price">
          {tiered && (
            <>
              <del className="cart-line__base-price">
                <span className="visually-hidden">{t("basePrice")} </span>
                {formatWon(line.base_price)}
              </del>{" "}
            </>
          )}
          {t("unitPrice", { price: formatWon(line.unit_price), unit })}
          {tiered && (
            <>
              {" "}
              <span className="badge cart-line__tier">{t("volumePrice")}</span>
            </>
          )}
        </p>
        {next && (
          <p className="cart-line__next-tier">
            {t("nextVolumePrice", { quantity: formatNumber(next.min_quantity), price: formatWon(next.unit_price), unit })}
          </p>
        )}
        {!line.available && (
          <p className="cart-line__problem" id={`${id}-problem`}>
            <span className="badge cart-line__badge">{t("unavailable")}</span> {line.problem}
          </p>
        )}
      </div>
      <form className="cart-line__quantity" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-quantity`}>
          <span className="visually-hidden">{line.title} </span>
          {t("quantityLabel")}
        </label>
        <div className="cart-line__quantity-row">
          <input
            id={`${id}-quantity`}
            type="number"
            inputMode="numeric"
            min={line.min_order_quantity}
            max={line.stock}
            step={1}
            value={value}
            onChange={(event) => {
              setTyped(event.target.value);
              setLocalError(null);
              if (change.isError) change.reset();
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={[`${id}-limits`, error ? `${id}-error` : "", line.available ? "" : `${id}-problem`].filter(Boolean).join(" ")}
          />
          <button type="submit" className="button button--secondary" disabled={change.isPending}>
            {t("change")}
            <span className="visually-hidden"> {line.title}</span>
          </button>
        </div>
        <p id={`${id}-limits`} className="field__hint">
          {t("limits", { minimum: formatNumber(line.min_order_quantity), stock: formatNumber(line.stock), unit })}
        </p>
        {error && (
          <p id={`${id}-error`} className="field__error" role="alert">
            {error}
          </p>
        )}
      </form>
      <p className="cart-line__total">{formatWon(line.line_total)}</p>
      <button type="button" className="button button--danger cart-line__remove" onClick={onRemove} disabled={change.isPending}>
        {t("remove")}
        <span className="visually-hidden"> {line.title}</span>
      </button>
    </li>
  );
}
