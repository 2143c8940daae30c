import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../../api/client";
import { fieldErrors } from "../../../components/FormError";
import { agencyKeys, type Purchase } from "../api";

type Move =
  | { action: "approve" }
  | { action: "return"; comment: string }
  | { action: "resubmit"; comment: string }
  | { action: "cancel"; reason: string };

function perform(id: number, move: Move) {
  const path = { params: { path: { id } } };
  switch (move.action) {
    case "approve":
      return unwrap(api.POST("/api/v1/agency/purchases/{id}/approve/", path));
    case "return":
      return unwrap(api.POST("/api/v1/agency/purchases/{id}/return/", { ...path, body: { comment: move.comment } }));
    case "resubmit":
      return unwrap(api.POST("/api/v1/agency/purchases/{id}/resubmit/", { ...path, body: { comment: move.comment } }));
    case "cancel":
      return unwrap(api.POST("/api/v1/agency/purchases/{id}/cancel/", { ...path, body: { reason: move.reason } }));
  }
}

// The fields the forms show errors on; any other refusal (a 409 names no field or "status") is the card's message.
const FORM_FIELDS = ["comment", "reason"];

interface Props {
  purchase: Purchase;
  /** Said in the page's status line after a move succeeds. */
  onDone?: (message: string) => void;
}

/**
 * What the caller may do with a purchase now, exactly the server's can_* flags: approve, return with a comment,
 * resubmit (optionally answering the comment), cancel with a reason.
 */
export function PurchaseActions({ purchase, onDone }: Props) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<"none" | "return" | "cancel">("none");
  const opener = useRef<HTMLButtonElement>(null);
  const move = useMutation({
    mutationFn: (change: Move) => perform(purchase.id, change),
    onSuccess: (updated, change) => {
      setOpen("none");
      queryClient.setQueryData(agencyKeys.purchase(purchase.id), updated);
      void queryClient.invalidateQueries({ queryKey: agencyKeys.purchases });
      onDone?.(t(`purchase.done.${change.action}`, { number: purchase.number }));
    },
    onError: (error) => {
      // The purchase moved on elsewhere (409) or a rule refused: read it again so the buttons follow the server.
      if (error instanceof ApiError && (error.status === 409 || error.status === 403)) {
        void queryClient.invalidateQueries({ queryKey: agencyKeys.purchases });
      }
    },
  });
  const errors = fieldErrors(move.error);
  const cardError = move.error && !FORM_FIELDS.some((field) => field in errors.fields) ? move.error.message : null;
  const any = purchase.can_approve || purchase.can_return || purchase.can_resubmit || purchase.can_cancel;
  if (!any && !cardError) return null;

  function close() {
    setOpen("none");
    move.reset();
    requestAnimationFrame(() => opener.current?.focus());
  }

  return (
    <div className="agency-actions-box">
      {purchase.can_resubmit && (
        <NoteForm
          id={`resubmit-${purchase.id}`}
          label={t("purchase.resubmitComment")}
          submit={t("purchase.resubmit")}
          busy={move.isPending}
          error={errors.fields.comment}
          required={false}
          tone="primary"
          onSubmit={(comment) => move.mutate({ action: "resubmit", comment })}
        />
      )}
      {open === "none" && (
        <div className="agency-actions">
          {purchase.can_approve && (
            <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate({ action: "approve" })}>
              {t("purchase.approve")}
            </button>
          )}
          {purchase.can_return && (
            <button type="button" ref={opener} className="button button--secondary" onClick={() => setOpen("return")}>
              {t("purchase.return")}
            </button>
          )}
          {purchase.can_cancel && (
            <button
              type="button"
              ref={purchase.can_return ? undefined : opener}
              className="button button--danger"
              onClick={() => setOpen("cancel")}
            >
              {t("purchase.cancel")}
            </button>
          )}
        </div>
      )}
      {open === "return" && (
        <NoteForm
          id={`return-${purchase.id}`}
          label={t("purchase.returnComment")}
          hint={t("purchase.returnHint")}
          submit={t("purchase.returnSubmit")}
          busy={move.isPending}
          error={errors.fields.comment}
          required
          tone="danger"
          focus
          onSubmit={(comment) => move.mutate({ action: "return", comment })}
          onClose={close}
        />
      )}
      {open === "cancel" && (
        <NoteForm
          id={`cancel-${purchase.id}`}
          label={t("purchase.cancelReason")}
          submit={t("purchase.cancelSubmit")}
          busy={move.isPending}
          error={errors.fields.reason}
          required
          tone="danger"
          focus
          onSubmit={(reason) => move.mutate({ action: "cancel", reason })}
          onClose={close}
        />
      )}
      {cardError && (
        <p className="notice notice--error" role="alert">
          {cardError}
        </p>
      )}
    </div>
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
  tone: "primary" | "danger";
  focus?: boolean;
  onSubmit: (text: string) => void;
  onClose?: () => void;
}

/** One text box and a button: a return's comment, a cancellation's reason, a resubmission's answer. */
export function NoteForm({ id, label, hint, submit, busy, error, required, tone, focus, onSubmit, onClose }: NoteFormProps) {
  const { t } = useTranslation("agency");
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [focus]);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form
      noValidate
      className="agency-form agency-inline-form"
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
          maxLength={1000}
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
      <div className="agency-actions">
        <button type="submit" className={tone === "danger" ? "button button--danger" : "button"} disabled={busy}>
          {submit}
        </button>
        {onClose && (
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t("close")}
          </button>
        )}
      </div>
    </form>
  );
}
