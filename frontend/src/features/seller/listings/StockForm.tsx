import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber } from "../../../lib/format";
import { sellerKeys, type SellerProduct } from "../api";
import { wholeNumber } from "../ui";

/** Stock through the stock action: move it by a number (atomic on the server), or set it outright. */
export function StockForm({ product }: { product: SellerProduct }) {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const id = useId();
  const [mode, setMode] = useState<"delta" | "stock">("delta");
  const [amount, setAmount] = useState("");
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/seller/products/{id}/stock/", {
          params: { path: { id: String(product.id) } },
          body: mode === "delta" ? { delta: wholeNumber(amount) } : { stock: wholeNumber(amount) },
        }),
      ),
    onSuccess: (updated) => {
      setAmount("");
      queryClient.setQueryData(sellerKeys.product(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: sellerKeys.products });
    },
  });
  const errors = fieldErrors(change.error);
  // The server names "delta" or "stock"; both belong to the one box here.
  const error = errors.fields.delta ?? errors.fields.stock ?? errors.form;
  return (
    <section aria-labelledby={`${id}-title`} className="seller-panel">
      <h2 id={`${id}-title`}>{t("stock.title")}</h2>
      <p>
        {t("stock.current", {
          stock: formatNumber(product.stock ?? 0),
          unit: product.unit,
          min: formatNumber(product.min_order_quantity ?? 1),
        })}
      </p>
      <form
        noValidate
        className="seller-form"
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
      >
        <fieldset className="seller-fieldset">
          <legend>{t("stock.how")}</legend>
          <label className="seller-radio">
            <input type="radio" name={`${id}-mode`} checked={mode === "delta"} onChange={() => setMode("delta")} />{" "}
            {t("stock.byDelta")}
          </label>
          <label className="seller-radio">
            <input type="radio" name={`${id}-mode`} checked={mode === "stock"} onChange={() => setMode("stock")} />{" "}
            {t("stock.toValue")}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-amount`}>{mode === "delta" ? t("stock.deltaLabel") : t("stock.valueLabel")}</label>
          <p className="field__hint" id={`${id}-hint`}>
            {mode === "delta" ? t("stock.deltaHint") : t("stock.valueHint")}
          </p>
          <input
            id={`${id}-amount`}
            inputMode={mode === "delta" ? "text" : "numeric"} // a phone's number pad may have no minus sign
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          />
          {error && (
            <p className="field__error" id={`${id}-error`}>
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={change.isPending}>
          {t("stock.apply")}
        </button>
        <p role="status" className="seller-status">
          {change.isSuccess
            ? t("stock.done", { stock: formatNumber(change.data.stock ?? 0), unit: change.data.unit })
            : ""}
        </p>
      </form>
    </section>
  );
}
