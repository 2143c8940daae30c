import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatWon } from "../../../lib/format";
import { useSharedCard } from "./api";
import { cardImageUrl, percentOf, type SharedFigures } from "./figures";
import "./impact.css";

/** /impact/cards/:token: a card a citizen shared — the figures they chose, and its picture. No name, no address. */
export function SharedCardPage() {
  const { t } = useTranslation("reportsImpact");
  const token = useParams().token ?? "";
  const card = useSharedCard(token);
  usePageTitle("reportsImpact", card.data ? t("card.title", { year: card.data.year }) : t("card.titleGeneric"));

  return (
    <section className="page impact-page">
      {card.isPending && <Loading />}
      {card.isError && (
        <>
          <h1>{t("card.titleGeneric")}</h1>
          <ErrorState error={card.error} />
          <p>{t("card.gone")}</p>
        </>
      )}
      {card.data && <Card token={token} figures={card.data} />}
      <p>
        <Link to="/">{t("card.visit")}</Link>
      </p>
    </section>
  );
}

function Card({ token, figures }: { token: string; figures: SharedFigures }) {
  const { t, i18n } = useTranslation("reportsImpact");
  const local = figures.local_share === null ? null : percentOf(Math.round(Number(figures.local_share) * 10000), 10000);
  return (
    <>
      <h1>{t("card.title", { year: figures.year })}</h1>
      <img className="impact-card-image" src={cardImageUrl(token)} alt="" width={1200} height={630} />
      <dl className="impact-summary">
        {figures.total !== null && (
          <div>
            <dt>{t("summary.total")}</dt>
            <dd className="impact-summary__total">{formatWon(figures.total)}</dd>
          </div>
        )}
        {figures.local !== null && (
          <div>
            <dt>{t("circulation.local")}</dt>
            <dd>
              {formatWon(figures.local)}
              {local !== null && ` (${local}%)`}
            </dd>
          </div>
        )}
        {figures.vulnerable_weighted !== null && (
          <div>
            <dt>{t("vulnerable.title")}</dt>
            <dd>{formatWon(figures.vulnerable_weighted)}</dd>
          </div>
        )}
      </dl>
      {figures.vulnerable_weighted !== null && <p className="impact-note">{t("vulnerable.explain")}</p>}
      {figures.by_kind && figures.by_kind.length > 0 && (
        <>
          <h2>{t("kinds.title")}</h2>
          <ul className="impact-list">
            {figures.by_kind.map((row) => (
              <li key={row.kind}>
                {t(`kind.${row.kind}`, { defaultValue: row.label })}: {formatWon(row.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      {figures.by_tag && figures.by_tag.length > 0 && (
        <>
          <h2>{t("tags.title")}</h2>
          <ul className="impact-list">
            {figures.by_tag.map((tag) => (
              <li key={tag.slug}>
                #{i18n.language === "en" ? tag.name_en : tag.name_ko}: {formatWon(tag.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
