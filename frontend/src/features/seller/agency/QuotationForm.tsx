import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber, formatWon } from "../../../lib/format";
import { useFocusOnError, wholeNumber } from "../ui";
import type { QuoteRequest } from "./api";
import { Amounts } from "./ui";
import { parsePrice, quotationFigures } from "./vat";

/** What the form knows of a catalogue item's product: its firm and its VAT exemption (from the catalogue). */
export interface ItemProduct {
  firmId: number;
  vatExempt: boolean;
}

interface Props {
  request: QuoteRequest;
  firmId: number;
  products: ReadonlyMap<number, ItemProduct>;
  onSubmitted: (request: QuoteRequest) => void;
}

interface LineState {
  price: string;
  exempt: boolean;
}

function isoDay(date: Date): string {
  // The calendar day in Seoul, as the server reads a date.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(date);
}

/** Thirty days from today, a common validity for a quotation. */
export function defaultValidUntil(today = new Date()): string {
  return isoDay(new Date(today.getTime() + 30 * 24 * 3600 * 1000));
}

/**
 * 견적서 작성: a unit price per item (VAT included), prefilled with the catalogue's volume price for the quantity
 * when the server gives one (or the firm's withdrawn quotation's), 면세 for items that are not the firm's own
 * product (its own product's exemption is the product's), delivery terms and a validity date. Supply value, VAT
 * and total follow each keystroke, split per line as the server will store them.
 */
export function QuotationForm({ request, firmId, products, onSubmitted }: Props) {
  const { t } = useTranslation("sellerAgency");
  const previous = request.my_quotation;
  const ownOf = (productId: number | null) => productId != null && products.get(productId)?.firmId === firmId;
  const [lines, setLines] = useState<LineState[]>(() =>
    request.items.map((item) => {
      const earlier = previous?.lines.find((line) => line.item_id === item.id);
      const price = earlier?.unit_price ?? item.catalogue_unit_price;
      const productExempt = item.product_id != null ? (products.get(item.product_id)?.vatExempt ?? false) : false;
      return { price: price != null ? String(price) : "", exempt: earlier?.vat_exempt ?? productExempt };
    }),
  );
  const [validUntil, setValidUntil] = useState(defaultValidUntil());
  const [terms, setTerms] = useState(previous?.delivery_terms ?? "");
  const [note, setNote] = useState(previous?.note ?? "");
  const form = useRef<HTMLFormElement>(null);

  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/seller/quote-requests/{id}/quotation/", {
          params: { path: { id: request.id } },
          body: {
            lines: request.items.map((item, index) => {
              const line = lines[index]!;
              const own = ownOf(item.product_id);
              const typed = line.price.trim();
              // The firm's own product without a price: the server prices it at its volume price.
              const unit_price = typed ? wholeNumber(typed) : own ? undefined : null;
              return own ? { item_id: item.id, unit_price } : { item_id: item.id, unit_price, vat_exempt: line.exempt };
            }),
            valid_until: validUntil,
            delivery_terms: terms,
            note,
          },
        }),
      ),
    onSuccess: (updated) => onSubmitted(updated),
  });
  const errors = fieldErrors(submit.error);
  useFocusOnError(form, submit.error);
  const shown = new Set(["valid_until", "delivery_terms", "note"]);
  request.items.forEach((_item, index) => {
    shown.add(`lines[${index}].unit_price`);
    shown.add(`lines[${index}].vat_exempt`);
  });
  const formError =
    errors.form ??
    Object.entries(errors.fields)
      .filter(([field]) => !shown.has(field))
      .map(([, message]) => message)[0] ??
    null;

  const figures = quotationFigures(
    request.items.map((item, index) => {
      const line = lines[index]!;
      const own = ownOf(item.product_id);
      const typed = parsePrice(line.price);
      // An own product left blank is priced by the server at the catalogue's volume price.
      const unitPrice = typed ?? (own && !line.price.trim() ? item.catalogue_unit_price : null);
      const exempt = own ? (products.get(item.product_id!)?.vatExempt ?? false) : line.exempt;
      return { unitPrice, quantity: item.quantity, vatExempt: exempt };
    }),
  );

  function change(index: number, next: Partial<LineState>) {
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...next } : line)));
  }

  return (
    <form
      ref={form}
      noValidate
      className="sa-quote-form"
      aria-labelledby="quote-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        submit.mutate();
      }}
    >
      <h2 id="quote-form-title">{t("quote.formTitle")}</h2>
      <p className="field__hint">{t("quote.formHint")}</p>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <ol className="sa-quote-lines">
        {request.items.map((item, index) => {
          const line = lines[index]!;
          const own = ownOf(item.product_id);
          const id = `quote-${item.id}`;
          const priceError = errors.fields[`lines[${index}].unit_price`];
          const exemptError = errors.fields[`lines[${index}].vat_exempt`];
          const lineFigures = figures.lines[index];
          const typed = parsePrice(line.price);
          const above = own && item.catalogue_unit_price != null && typed != null && typed > item.catalogue_unit_price;
          const hints = [`${id}-what`, item.catalogue_unit_price != null ? `${id}-catalogue` : null, above ? `${id}-above` : null];
          const describedBy = [...hints, priceError ? `${id}-price-error` : null].filter(Boolean).join(" ");
          return (
            <li key={item.id}>
              <fieldset className="seller-fieldset sa-quote-line">
                <legend>{item.description}</legend>
                <p className="seller-muted" id={`${id}-what`}>
                  {t("quote.quantity", { quantity: formatNumber(item.quantity), unit: item.unit })}
                  {" · "}
                  {item.product_id == null ? t("quote.freeText") : own ? t("quote.ownProduct") : t("quote.otherProduct")}
                </p>
                {item.catalogue_unit_price != null && (
                  <p className="field__hint" id={`${id}-catalogue`}>
                    {t("quote.cataloguePrice", {
                      price: formatWon(item.catalogue_unit_price),
                      quantity: formatNumber(item.quantity),
                      unit: item.unit,
                    })}
                  </p>
                )}
                <div className="seller-form__row">
                  <div className="field">
                    <label htmlFor={`${id}-price`}>{t("quote.unitPrice")}</label>
                    <input
                      id={`${id}-price`}
                      inputMode="numeric"
                      autoComplete="off"
                      value={line.price}
                      onChange={(event) => change(index, { price: event.target.value })}
                      aria-invalid={priceError ? true : undefined}
                      aria-describedby={describedBy || undefined}
                    />
                    {above && (
                      <p className="field__hint" id={`${id}-above`}>
                        {t("quote.aboveCatalogue")}
                      </p>
                    )}
                    {priceError && (
                      <p className="field__error" id={`${id}-price-error`}>
                        {priceError}
                      </p>
                    )}
                  </div>
                  <div className="field sa-exempt">
                    {own ? (
                      <p className="seller-muted">
                        {products.get(item.product_id!)?.vatExempt ? t("quote.ownExempt") : t("quote.ownTaxed")}
                      </p>
                    ) : (
                      <label className="seller-radio">
                        <input
                          type="checkbox"
                          checked={line.exempt}
                          onChange={(event) => change(index, { exempt: event.target.checked })}
                          aria-invalid={exemptError ? true : undefined}
                        />
                        {t("quote.exempt")}
                      </label>
                    )}
                    {exemptError && <p className="field__error">{exemptError}</p>}
                  </div>
                </div>
                <p className="sa-line-figures">
                  {lineFigures
                    ? t("quote.lineFigures", {
                        supply: formatWon(lineFigures.supply),
                        vat: formatWon(lineFigures.vat),
                        total: formatWon(lineFigures.total),
                      })
                    : t("quote.noPrice")}
                </p>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <section aria-labelledby="quote-totals-title" className="sa-totals">
        <h3 id="quote-totals-title">{t("quote.totals")}</h3>
        <Amounts supply={figures.supply} vat={figures.vat} total={figures.total} />
      </section>
      <div className="seller-form">
        <div className="field">
          <label htmlFor="quote-terms">{t("quote.deliveryTerms")}</label>
          <p className="field__hint" id="quote-terms-hint">
            {t("quote.deliveryTermsHint")}
          </p>
          <textarea
            id="quote-terms"
            rows={2}
            value={terms}
            onChange={(event) => setTerms(event.target.value)}
            aria-invalid={errors.fields.delivery_terms ? true : undefined}
            aria-describedby={["quote-terms-hint", errors.fields.delivery_terms ? "quote-terms-error" : null].filter(Boolean).join(" ")}
          />
          {errors.fields.delivery_terms && (
            <p className="field__error" id="quote-terms-error">
              {errors.fields.delivery_terms}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="quote-valid">{t("quote.validUntil")}</label>
          <input
            id="quote-valid"
            type="date"
            value={validUntil}
            onChange={(event) => setValidUntil(event.target.value)}
            aria-invalid={errors.fields.valid_until ? true : undefined}
            aria-describedby={errors.fields.valid_until ? "quote-valid-error" : undefined}
          />
          {errors.fields.valid_until && (
            <p className="field__error" id="quote-valid-error">
              {errors.fields.valid_until}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="quote-note">{t("quote.note")}</label>
          <textarea
            id="quote-note"
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            aria-invalid={errors.fields.note ? true : undefined}
            aria-describedby={errors.fields.note ? "quote-note-error" : undefined}
          />
          {errors.fields.note && (
            <p className="field__error" id="quote-note-error">
              {errors.fields.note}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={submit.isPending}>
          {submit.isPending ? t("sending") : t("quote.submit")}
        </button>
      </div>
    </form>
  );
}
