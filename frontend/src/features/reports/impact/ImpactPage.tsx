import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { useAnnouncement } from "../../../components/useAnnouncement";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDateTime } from "../../../lib/format";
import { RequireLogin } from "../../auth";
import { useCreateCard, useImpactCards, useMyImpact, useRevokeCard } from "./api";
import { ImpactFigures } from "./ImpactFigures";
import { FIGURES, cardImageUrl, cardPageUrl, yearParam, type Figure, type ImpactCard } from "./figures";
import "./impact.css";

/** /me/impact: the citizen's value consumption over all time or a year, and the year's card to share. */
export function ImpactPage() {
  return (
    <RequireLogin>
      <MyImpactPage />
    </RequireLogin>
  );
}

function MyImpactPage() {
  const { t } = useTranslation("reportsImpact");
  usePageTitle("reportsImpact", t("title"));
  const [params, setParams] = useSearchParams();
  const current = new Date().getFullYear();
  const year = yearParam(params.get("year"), current);
  const impact = useMyImpact(year);
  const years = impact.data?.years ?? [];
  const choices = year !== null && !years.includes(year) ? [year, ...years] : years;

  return (
    <section className="page impact-page">
      <h1>{t("title")}</h1>
      <p className="impact-lead">{t("lead")}</p>
      <div className="field impact-year">
        <label htmlFor="impact-year">{t("period")}</label>
        <select
          id="impact-year"
          value={year ?? ""}
          onChange={(event) => {
            const next = new URLSearchParams(params);
            if (event.target.value) next.set("year", event.target.value);
            else next.delete("year");
            setParams(next);
          }}
        >
          <option value="">{t("allTime")}</option>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {t("yearOption", { year: choice })}
            </option>
          ))}
        </select>
      </div>
      {impact.isPending && <Loading />}
      {impact.isError && <ErrorState error={impact.error} onRetry={() => void impact.refetch()} />}
      {impact.data && (
        <>
          {impact.data.orders === 0 && impact.data.total === 0 ? (
            <p className="notice">{t("empty")}</p>
          ) : (
            <ImpactFigures impact={impact.data} year={year} />
          )}
          <ShareCard year={year ?? years[0] ?? null} />
        </>
      )}
    </section>
  );
}

const DEFAULTS: Record<Figure, boolean> = {
  show_total: true,
  show_kinds: true,
  show_local: true,
  show_vulnerable: false,
  show_tags: true,
};

/** Share the year's card (opt-in): choose the figures, get a link anyone can open; stop sharing any time. */
function ShareCard({ year }: { year: number | null }) {
  const { t } = useTranslation("reportsImpact");
  const id = useId();
  const cards = useImpactCards();
  const create = useCreateCard();
  const revoke = useRevokeCard();
  const [shown, setShown] = useState(DEFAULTS);
  const { message, announce, statusRef } = useAnnouncement();
  const problem = create.error ? fieldErrors(create.error) : null;
  const problemText = problem ? (Object.values(problem.fields)[0] ?? problem.form) : null;
  const card = cards.data?.find((c) => c.year === year);

  if (year === null) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ year, ...shown }, { onSuccess: () => announce(t("share.created")) });
  };

  return (
    <section className="impact-share" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("share.title", { year })}</h2>
      <p>{t("share.explain")}</p>
      <p ref={statusRef} tabIndex={-1} role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {card && <SharedLink card={card} onRevoke={() => revoke.mutate(card.token, { onSuccess: () => announce(t("share.revoked")) })} busy={revoke.isPending} />}
      <form onSubmit={submit} noValidate>
        <fieldset className="impact-share__figures" aria-describedby={problemText ? `${id}-error` : undefined}>
          <legend>{t("share.figures")}</legend>
          {FIGURES.map((figure) => (
            <label key={figure} className="impact-check">
              <input
                type="checkbox"
                checked={shown[figure]}
                onChange={(event) => setShown({ ...shown, [figure]: event.target.checked })}
              />
              {t(`share.${figure}`)}
            </label>
          ))}
        </fieldset>
        {problemText && (
          <p id={`${id}-error`} className="field__error" role="alert">
            {problemText}
          </p>
        )}
        <button type="submit" className="button" disabled={create.isPending}>
          {card ? t("share.replace") : t("share.create")}
        </button>
      </form>
    </section>
  );
}

function SharedLink({ card, onRevoke, busy }: { card: ImpactCard; onRevoke: () => void; busy: boolean }) {
  const { t } = useTranslation("reportsImpact");
  const id = useId();
  const url = cardPageUrl(window.location.origin, card.token);
  return (
    <div className="impact-share__live">
      <div className="field">
        <label htmlFor={`${id}-link`}>{t("share.link")}</label>
        <input id={`${id}-link`} type="url" readOnly value={url} onFocus={(event) => event.target.select()} />
      </div>
      <p className="impact-note">{t("share.since", { when: formatDateTime(card.created_at) })}</p>
      <img className="impact-card-image" src={cardImageUrl(card.token)} alt={t("share.imageAlt", { year: card.year })} width={1200} height={630} />
      <p>
        <a href={url}>{t("share.open")}</a>
      </p>
      <button type="button" className="button button--secondary" onClick={onRevoke} disabled={busy}>
        {t("share.revoke")}
      </button>
    </div>
  );
}
