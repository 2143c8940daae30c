import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, ensureCsrfCookie, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber, formatWon } from "../../../lib/format";
import { CART_QUERY_KEY, useCart } from "../../cart/useCart";
import type { Product } from "../queries";
import { checkQuantity, stepQuantity } from "./quantity";

/**
 * The quantity and "장바구니 담기". The API sets a cart line's quantity (PUT), so when the product is already in
 * the cart the box starts at that quantity and the button changes it; the confirmation says what is there now.
 */
export function AddToCart({ product }: { product: Product }) {
  const { t } = useTranslation("storefront");
  const queryClient = useQueryClient();
  const cart = useCart();
  const id = useId();
  const minimum = Math.max(product.min_order_quantity ?? 1, 1);
  const stock = product.stock ?? 0;
  const limits = { minimum, stock };
  const inCart = cart.data?.lines.find((line) => line.product_id === product.id)?.quantity;
  const [typed, setTyped] = useState<string | null>(null);
  const value = typed ?? String(inCart ?? minimum);
  const [localError, setLocalError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: async (quantity: number) => {
      await ensureCsrfCookie();
      return unwrap(
        api.PUT("/api/v1/cart/items/{product_id}/", { params: { path: { product_id: product.id } }, body: { quantity } }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CART_QUERY_KEY }),
  });

  // The cart the server answered prices the line for its quantity: say so when a volume price applies.
  const added = add.data?.lines.find((line) => line.product_id === product.id);
  const tierPrice = added && added.unit_price < added.base_price ? added.unit_price : null;

  const server = add.isError ? fieldErrors(add.error) : null;
  // The server's refusal (stock, minimum order...): beside the field when it names the quantity, else above.
  const fieldError = localError ?? server?.fields.quantity ?? null;
  const formError = server ? (server.form ?? Object.entries(server.fields).find(([field]) => field !== "quantity")?.[1] ?? null) : null;

  if (!product.in_stock || stock < minimum) {
    return (
      <p className="product__sold-out" role="note">
        <strong>{t("product.soldOut")}</strong>
      </p>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const check = checkQuantity(value, limits);
    if (!check.ok) {
      setLocalError(
        t(`quantity.${check.problem}`, {
          minimum: formatNumber(minimum),
          stock: formatNumber(stock),
          unit: product.unit || t("product.defaultUnit"),
        }),
      );
      document.getElementById(`${id}-quantity`)?.focus();
      return;
    }
    setLocalError(null);
    add.reset();
    add.mutate(check.quantity);
  }

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const setQuantity = (text: string) => {
    setTyped(text);
    setLocalError(null);
    if (add.isError || add.isSuccess) add.reset();
  };

  return (
    <form className="add-to-cart" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-quantity`}>{t("product.quantity")}</label>
        <div className="quantity">
          <button
            type="button"
            className="quantity__step"
            aria-label={t("product.decrease")}
            aria-controls={`${id}-quantity`}
            onClick={() => setQuantity(String(stepQuantity(value, -1, limits)))}
            disabled={Number(value) <= minimum}
          >
            −
          </button>
          <input
            id={`${id}-quantity`}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={minimum}
            max={stock}
            step={1}
            value={value}
            onChange={(event) => setQuantity(event.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${errorId} ${hintId}` : hintId}
            className="quantity__input"
          />
          <button
            type="button"
            className="quantity__step"
            aria-label={t("product.increase")}
            aria-controls={`${id}-quantity`}
            onClick={() => setQuantity(String(stepQuantity(value, 1, limits)))}
            disabled={Number(value) >= stock}
          >
            +
          </button>
        </div>
        <p id={hintId} className="field__hint">
          {t("product.quantityHint", { minimum: formatNumber(minimum), stock: formatNumber(stock), unit: product.unit || t("product.defaultUnit") })}
          {inCart ? ` ${t("product.alreadyInCart", { quantity: formatNumber(inCart) })}` : ""}
        </p>
        {fieldError && (
          <p id={errorId} className="field__error" role="alert">
            {fieldError}
          </p>
        )}
      </div>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button add-to-cart__button" disabled={add.isPending}>
        {add.isPending ? t("product.adding") : t("product.addToCart")}
      </button>
      <div role="status" aria-live="polite" className="add-to-cart__status">
        {add.isSuccess && (
          <p className="notice notice--success">
            {t("product.added", { quantity: formatNumber(add.variables ?? 0) })}
            {tierPrice !== null && ` ${t("product.tierApplied", { price: formatWon(tierPrice), unit: product.unit || t("product.defaultUnit") })}`}{" "}
            <Link to="/cart">{t("product.goToCart")}</Link>
          </p>
        )}
      </div>
    </form>
  );
}
