import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { formatNumber, formatWon } from "../../../lib/format";
import { agencyKeys, type Delivery } from "../api";
import { focusFirstInvalid } from "../ui";
import { inspectionBody, inspectionProblems, inspectionTotals, type LineChoice, type Verdict } from "./inspection";

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

interface Props {
  delivery: Delivery;
  onDone: (message: string) => void;
}

/** 검수: each delivered line accepted (합격) or rejected (불합격) with a reason, and the inspection day. */
export function InspectionForm({ delivery, onDone }: Props) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [choices, setChoices] = useState<LineChoice[]>(() =>
    delivery.lines.map((line) => ({ purchaseLineId: line.purchase_line_id, result: null, reason: "" })),
  );
  const [acceptedOn, setAcceptedOn] = useState(today);
  const [ownErrors, setOwnErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const inspect = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/agency/deliveries/{id}/inspect/", {
          params: { path: { id: delivery.id } },
          body: inspectionBody(choices, acceptedOn),
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(agencyKeys.delivery(delivery.id), updated);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.deliveries });
      void queryClient.invalidateQueries({ queryKey: agencyKeys.purchases });
      const rejected = updated.lines.filter((line) => line.result === "rejected").length;
      onDone(t("inspect.done", { accepted: updated.lines.length - rejected, rejected }));
    },
    onError: (error) => {
      // Inspected meanwhile by someone else (409): read it again, the form goes.
      if (error instanceof ApiError && error.status === 409 && error.code !== "line_not_delivered") {
        void queryClient.invalidateQueries({ queryKey: agencyKeys.delivery(delivery.id) });
      }
    },
  });
  const server = fieldErrors(inspect.error);
  const errors = { ...server.fields, ...ownErrors };
  // After a refusal is drawn (ours or the server's), the cursor goes to the first field it names.
  useEffect(() => {
    if (attempt) focusFirstInvalid(form.current);
  }, [attempt, inspect.error]);
  const totals = inspectionTotals(delivery.lines, choices);

  function choose(index: number, change: Partial<LineChoice>) {
    setChoices((current) => current.map((choice, i) => (i === index ? { ...choice, ...change } : choice)));
    setOwnErrors((current) => {
      const next = { ...current };
      delete next[`results[${index}].result`];
      if (change.result === "accepted" || change.reason) delete next[`results[${index}].reason`];
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = inspectionProblems(choices);
    const messages = Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, t(`inspect.${problem}`)]));
    setOwnErrors(messages);
    setAttempt((n) => n + 1);
    if (Object.keys(messages).length === 0) inspect.mutate();
    else inspect.reset();
  }

  const formError =
    server.form ??
    (server.fields.results && !Object.keys(ownErrors).length ? server.fields.results : null);

  return (
    <form ref={form} noValidate className="agency-panel agency-form agency-form--wide" onSubmit={submit} aria-labelledby="inspect-title">
      <h2 id="inspect-title">{t("inspect.title")}</h2>
      <p className="field__hint">{t("inspect.lead")}</p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setChoices((current) => current.map((choice) => ({ ...choice, result: "accepted" })));
            setOwnErrors({});
          }}
        >
          {t("inspect.acceptAll")}
        </button>
      </p>
      {delivery.lines.map((line, index) => {
        const choice = choices[index]!;
        const resultError = errors[`results[${index}].result`] ?? errors[`results[${index}].purchase_line_id`];
        const reasonError = errors[`results[${index}].reason`];
        const id = `inspect-${line.id}`;
        const set = (result: Verdict) => choose(index, { result });
        return (
          <fieldset
            key={line.id}
            className="agency-fieldset agency-inspect-line"
            aria-invalid={resultError ? true : undefined}
            aria-describedby={resultError ? `${id}-error` : undefined}
          >
            <legend>
              {t("inspect.line", { title: line.title, quantity: formatNumber(line.quantity), unit: line.unit })}
            </legend>
            <p className="agency-muted">
              {t("inspect.amount", { amount: formatWon(line.amount) })}
              {line.vat_exempt && <> · {t("money.exempt")}</>}
            </p>
            <div>
              {(["accepted", "rejected"] as const).map((result) => (
                <label key={result} className="agency-radio" htmlFor={`${id}-${result}`}>
                  <input
                    id={`${id}-${result}`}
                    type="radio"
                    name={`${id}-result`}
                    value={result}
                    checked={choice.result === result}
                    onChange={() => set(result)}
                  />
                  {t(`inspect.${result}`)}
                </label>
              ))}
            </div>
            {resultError && (
              <p className="field__error" id={`${id}-error`}>
                {resultError}
              </p>
            )}
            {choice.result === "rejected" && (
              <div className="field">
                <label htmlFor={`${id}-reason`}>{t("inspect.reason")}</label>
                <textarea
                  id={`${id}-reason`}
                  rows={2}
                  maxLength={500}
                  required
                  value={choice.reason}
                  onChange={(event) => choose(index, { reason: event.target.value })}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `${id}-reason-error` : undefined}
                />
                {reasonError && (
                  <p className="field__error" id={`${id}-reason-error`}>
                    {reasonError}
                  </p>
                )}
              </div>
            )}
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor="inspect-day">{t("inspect.day")}</label>
        <p className="field__hint" id="inspect-day-hint">
          {t("inspect.dayHint")}
        </p>
        <input
          id="inspect-day"
          type="date"
          value={acceptedOn}
          onChange={(event) => setAcceptedOn(event.target.value)}
          aria-invalid={errors.accepted_on ? true : undefined}
          aria-describedby={errors.accepted_on ? "inspect-day-hint inspect-day-error" : "inspect-day-hint"}
        />
        {errors.accepted_on && (
          <p className="field__error" id="inspect-day-error">
            {errors.accepted_on}
          </p>
        )}
      </div>
      <p>{t("inspect.totals", { accepted: formatWon(totals.accepted), rejected: formatWon(totals.rejected) })}</p>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button" disabled={inspect.isPending}>
        {t("inspect.submit")}
      </button>
    </form>
  );
}
