import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../components/FormError";
import { formatNumber } from "../../lib/format";
import { CLAIM_REASON_MAX, validateClaim, type ClaimInput, type Fulfilment } from "./orderRules";
import { useOpenClaim } from "./queries";

/** Ask to return a delivered part, or complain about it, before confirming the purchase. */
export function ClaimForm({ orderId, part, onClose, onDone }: { orderId: number; part: Fulfilment; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("orders");
  const open = useOpenClaim(orderId);
  const [input, setInput] = useState<ClaimInput>({ kind: "", reason: "" });
  const [local, setLocal] = useState<ReturnType<typeof validateClaim>>({});
  const first = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = `part-${part.id}-claim`;

  useEffect(() => first.current?.focus(), []);

  const server = open.isError ? fieldErrors(open.error) : null;
  const kindError = local.kind ? t("claim.errors.kind") : (server?.fields.kind ?? null);
  const reasonError = local.reason
    ? t(`claim.errors.${local.reason}`, { max: formatNumber(CLAIM_REASON_MAX) })
    : (server?.fields.reason ?? null);
  const formError = server && !server.fields.kind && !server.fields.reason ? (server.form ?? Object.values(server.fields)[0] ?? null) : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors = validateClaim(input);
    setLocal(errors);
    if (errors.kind) return first.current?.focus();
    if (errors.reason) return reasonRef.current?.focus();
    if (input.kind === "") return;
    open.mutate({ fulfilmentId: part.id, kind: input.kind, reason: input.reason.trim() }, { onSuccess: onDone });
  }

  return (
    <form id={id} className="claim-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("claim.title", { firm: part.firm_name })}</h4>
      <p className="field__hint">{t("claim.hint")}</p>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <fieldset
        className="claim-form__kinds"
        aria-describedby={kindError ? `${id}-kind-error` : undefined}
      >
        <legend>{t("claim.kindLabel")}</legend>
        {(["return", "complaint"] as const).map((kind, index) => (
          <label key={kind} className="claim-form__kind">
            <input
              ref={index === 0 ? first : undefined}
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={input.kind === kind}
              onChange={() => {
                setInput((current) => ({ ...current, kind }));
                setLocal((current) => ({ ...current, kind: undefined }));
              }}
            />{" "}
            {t(`claim.kind.${kind}`)}
          </label>
        ))}
        {kindError && (
          <p id={`${id}-kind-error`} className="field__error">
            {kindError}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("claim.reason")}</label>
        <textarea
          ref={reasonRef}
          id={`${id}-reason`}
          rows={4}
          value={input.reason}
          onChange={(event) => {
            setInput((current) => ({ ...current, reason: event.target.value }));
            setLocal((current) => ({ ...current, reason: undefined }));
          }}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={[`${id}-count`, reasonError ? `${id}-reason-error` : ""].filter(Boolean).join(" ")}
        />
        <p id={`${id}-count`} className="field__hint">
          {t("claim.count", { count: formatNumber(input.reason.trim().length), max: formatNumber(CLAIM_REASON_MAX) })}
        </p>
        {reasonError && (
          <p id={`${id}-reason-error`} className="field__error">
            {reasonError}
          </p>
        )}
      </div>
      <div className="order-page__actions">
        <button type="submit" className="button" disabled={open.isPending}>
          {open.isPending ? t("claim.sending") : t("claim.send")}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t("claim.close")}
        </button>
      </div>
    </form>
  );
}
