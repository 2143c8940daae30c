import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { formatDateTime, formatNumber, formatWon } from "../../../lib/format";
import { FULFILMENT_STATUSES, sellerKeys, useFulfilments, type FulfilmentStatus, type SellerFulfilment } from "../api";
import { Pager, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 10;
// The fields the card's forms show errors on; a refusal naming another (a 409 names "status") is the card's message.
const FORM_FIELDS = ["carrier", "tracking_number", "reason", "note"];
const CARRIERS = ["CJ대한통운", "우체국택배", "한진택배", "롯데택배", "로젠택배", "경동택배"];

export function OrdersPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("orders.title"));
  const [params, setParams] = useSearchParams();
  const status = FULFILMENT_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const parts = useFulfilments({ page, status, pageSize: PAGE_SIZE });
  // The part may leave a filtered list: focus goes to the message, which says what happened (once it is drawn).
  const { message, announce, statusRef } = useAnnouncement();

  function update(next: { status?: string; page?: number }) {
    setParams(listParams(params, next));
  }

  return (
    <section className="page">
      <h1>{t("orders.title")}</h1>
      <div className="field seller-filter">
        <label htmlFor="order-status">{t("orders.filter")}</label>
        <select id="order-status" value={status ?? ""} onChange={(event) => update({ status: event.target.value })}>
          <option value="">{t("orders.all")}</option>
          {FULFILMENT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`fulfilmentStatus.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <p role="status" className="seller-status" ref={statusRef} tabIndex={-1}>
        {message}
      </p>
      {parts.isPending && <Loading />}
      {parts.isError && <ErrorState error={parts.error} onRetry={() => void parts.refetch()} />}
      {parts.data &&
        (parts.data.results.length === 0 ? (
          <p className="notice">{status ? t("orders.noneWithStatus") : t("orders.none")}</p>
        ) : (
          <>
            <ul className="seller-parts">
              {parts.data.results.map((part) => (
                <li key={part.id}>
                  <PartCard part={part} onDone={announce} />
                </li>
              ))}
            </ul>
            <Pager page={page} count={parts.data.count} pageSize={PAGE_SIZE} onPage={(next) => update({ page: next })} />
          </>
        ))}
    </section>
  );
}

type Move =
  | { action: "confirm" }
  | { action: "deliver" }
  | { action: "ship"; carrier: string; tracking_number: string }
  | { action: "cancel"; reason: string }
  | { action: "accept-claim"; note: string };

function perform(id: number, move: Move) {
  const path = { params: { path: { id: String(id) } } };
  switch (move.action) {
    case "confirm":
      return unwrap(api.POST("/api/v1/seller/fulfilments/{id}/confirm/", path));
    case "deliver":
      return unwrap(api.POST("/api/v1/seller/fulfilments/{id}/deliver/", path));
    case "ship":
      return unwrap(
        api.POST("/api/v1/seller/fulfilments/{id}/ship/", {
          ...path,
          body: { carrier: move.carrier, tracking_number: move.tracking_number },
        }),
      );
    case "cancel":
      return unwrap(api.POST("/api/v1/seller/fulfilments/{id}/cancel/", { ...path, body: { reason: move.reason } }));
    case "accept-claim":
      return unwrap(api.POST("/api/v1/seller/fulfilments/{id}/accept-claim/", { ...path, body: { note: move.note } }));
  }
}

function PartCard({ part, onDone }: { part: SellerFulfilment; onDone: (message: string) => void }) {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const [form, setForm] = useState<"none" | "cancel">("none");
  const cancelButton = useRef<HTMLButtonElement>(null);
  const move = useMutation({
    mutationFn: (change: Move) => perform(part.id, change),
    onSuccess: (_updated, change) => {
      setForm("none");
      void queryClient.invalidateQueries({ queryKey: sellerKeys.fulfilments });
      onDone(t(`orders.done.${change.action}`, { number: part.order_number }));
    },
    // Refused because the part moved on elsewhere (409): read the parts again, so the buttons follow the server.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: sellerKeys.fulfilments });
      }
    },
  });
  const errors = fieldErrors(move.error);
  const cardError = move.error && !FORM_FIELDS.some((field) => field in errors.fields) ? move.error.message : null;
  const shipping = part.shipping as Record<string, string | undefined>;
  // What the firm may do now is the server's answer (market/orders/rules.py), never worked out from the status.
  const actionable = part.can_confirm || part.can_ship || part.can_deliver || part.can_cancel || part.can_accept_claim;
  const headingId = `part-${part.id}`;
  const status = part.status as FulfilmentStatus;

  return (
    <article className="seller-part" aria-labelledby={headingId}>
      <h2 id={headingId} className="seller-part__title">
        {t("orders.order", { number: part.order_number })}
      </h2>
      <p className="seller-part__meta">
        <span className={`badge seller-status-${status}`}>{t(`fulfilmentStatus.${status}`)}</span>{" "}
        {t("orders.placed", { date: formatDateTime(part.placed_at) })}
      </p>
      <ul className="seller-lines">
        {part.lines.map((line, index) => (
          <li key={index}>
            {t("orders.line", {
              title: line.title,
              quantity: formatNumber(line.quantity),
              unit: line.unit,
              total: formatWon(line.line_total),
            })}
          </li>
        ))}
      </ul>
      <p>
        <strong>{t("orders.total", { total: formatWon(part.items_total) })}</strong>
        {part.refunded_amount > 0 && <> · {t("orders.refunded", { amount: formatWon(part.refunded_amount) })}</>}
      </p>
      <details className="seller-help">
        <summary>{t("orders.shippingTo", { name: shipping.name ?? "" })}</summary>
        <dl className="seller-facts">
          <dt>{t("orders.recipient")}</dt>
          <dd>{shipping.name}</dd>
          <dt>{t("orders.phone")}</dt>
          <dd>{shipping.phone}</dd>
          <dt>{t("orders.address")}</dt>
          <dd>
            ({shipping.postal_code}) {shipping.address1} {shipping.address2}
          </dd>
        </dl>
      </details>
      {part.tracking_number && (
        <p>{t("orders.tracking", { carrier: part.carrier, number: part.tracking_number })}</p>
      )}
      {part.cancel_reason && <p>{t("orders.cancelReason", { reason: part.cancel_reason })}</p>}
      {part.claims.map((claim) => (
        <div key={claim.id} className={`notice ${claim.status === "open" ? "notice--warning" : ""}`}>
          <p className="notice__title">
            {t(`claimKind.${claim.kind}`, { defaultValue: claim.kind })} · {t(`claimStatus.${claim.status}`, { defaultValue: claim.status })}
          </p>
          <p>{claim.reason}</p>
          {claim.resolution_note && <p className="seller-muted">{claim.resolution_note}</p>}
        </div>
      ))}

      {(actionable || cardError) && (
        <div className="seller-part__actions">
          {part.can_confirm && (
            <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate({ action: "confirm" })}>
              {t("orders.confirm")}
            </button>
          )}
          {part.can_ship && (
            <ShipForm part={part} busy={move.isPending} errors={errors.fields} onShip={(values) => move.mutate({ action: "ship", ...values })} />
          )}
          {part.can_deliver && (
            <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate({ action: "deliver" })}>
              {t("orders.deliver")}
            </button>
          )}
          {part.can_accept_claim && (
            <NoteForm
              id={`claim-${part.id}`}
              label={t("orders.claimNote")}
              submit={t("orders.acceptClaim")}
              busy={move.isPending}
              error={errors.fields.note}
              required={false}
              onSubmit={(note) => move.mutate({ action: "accept-claim", note })}
            />
          )}
          {part.can_cancel &&
            (form === "cancel" ? (
              <NoteForm
                id={`cancel-${part.id}`}
                label={t("orders.cancelReasonLabel")}
                hint={t("orders.cancelHint")}
                submit={t("orders.cancelSubmit")}
                busy={move.isPending}
                error={errors.fields.reason}
                required
                onSubmit={(reason) => move.mutate({ action: "cancel", reason })}
                onClose={() => {
                  setForm("none");
                  requestAnimationFrame(() => cancelButton.current?.focus());
                }}
              />
            ) : (
              <button type="button" ref={cancelButton} className="button button--danger" onClick={() => setForm("cancel")}>
                {t("orders.cancel")}
              </button>
            ))}
          {cardError && (
            <p className="notice notice--error" role="alert">
              {cardError}
            </p>
          )}
        </div>
      )}
    </article>
  );
}

interface ShipFormProps {
  part: SellerFulfilment;
  busy: boolean;
  errors: Record<string, string>;
  onShip: (values: { carrier: string; tracking_number: string }) => void;
}

function ShipForm({ part, busy, errors, onShip }: ShipFormProps) {
  const { t } = useTranslation("seller");
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const id = `ship-${part.id}`;
  return (
    <form
      noValidate
      className="seller-form seller-inline-form"
      aria-label={t("orders.shipForm", { number: part.order_number })}
      onSubmit={(event) => {
        event.preventDefault();
        onShip({ carrier, tracking_number: tracking });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-carrier`}>{t("orders.carrier")}</label>
        <input
          id={`${id}-carrier`}
          list={`${id}-carriers`}
          value={carrier}
          onChange={(event) => setCarrier(event.target.value)}
          aria-invalid={errors.carrier ? true : undefined}
          aria-describedby={errors.carrier ? `${id}-carrier-error` : undefined}
        />
        <datalist id={`${id}-carriers`}>
          {CARRIERS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        {errors.carrier && (
          <p className="field__error" id={`${id}-carrier-error`}>
            {errors.carrier}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-tracking`}>{t("orders.trackingNumber")}</label>
        <input
          id={`${id}-tracking`}
          inputMode="numeric"
          value={tracking}
          onChange={(event) => setTracking(event.target.value)}
          aria-invalid={errors.tracking_number ? true : undefined}
          aria-describedby={errors.tracking_number ? `${id}-tracking-error` : undefined}
        />
        {errors.tracking_number && (
          <p className="field__error" id={`${id}-tracking-error`}>
            {errors.tracking_number}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t("orders.ship")}
      </button>
    </form>
  );
}

interface NoteFormProps {
  id: string;
  label: string;
  hint?: string;
  submit: string;
  busy: boolean;
  error?: string;
  required: boolean;
  onSubmit: (text: string) => void;
  onClose?: () => void;
}

/** One text box and a button: a cancellation's reason, or a note on accepting a claim. */
function NoteForm({ id, label, hint, submit, busy, error, required, onSubmit, onClose }: NoteFormProps) {
  const { t } = useTranslation("seller");
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  const openedByButton = Boolean(onClose);
  // Opened by a button: the cursor goes into the box.
  useEffect(() => {
    if (openedByButton) box.current?.focus();
  }, [openedByButton]);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form
      noValidate
      className="seller-form seller-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(text);
      }}
    >
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <textarea
          id={id}
          ref={box}
          rows={3}
          value={text}
          required={required}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
      <div className="seller-actions">
        <button type="submit" className="button button--danger" disabled={busy}>
          {submit}
        </button>
        {onClose && (
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t("cancelClose")}
          </button>
        )}
      </div>
    </form>
  );
}
