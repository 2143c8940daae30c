import { useTranslation } from "react-i18next";
import { formatDate } from "../../../lib/format";
import { localName, useLabels } from "../labels";
import type { Firm, Tag } from "../queries";

// A share such as 45.50 (%) reads "45.5%": one decimal is as precise as the registry's figures go.
const PERCENT = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 1 });

/** A firm's valid designations as badges: kind, designation number, and until when it is valid. */
export function DesignationBadges({ firm }: { firm: Firm }) {
  const { t } = useTranslation("storefront");
  const labels = useLabels();
  if (!firm.designations.length) return null;
  return (
    <ul className="designations" aria-label={t("firm.designations")}>
      {firm.designations.map((designation) => (
        <li key={designation.id} className="designation">
          <strong className="designation__kind">{labels.firmKind(designation.kind)}</strong>
          {designation.number && (
            <span className="designation__detail">{t("firm.designationNumber", { number: designation.number })}</span>
          )}
          <span className="designation__detail">
            {designation.end_date
              ? t("firm.validUntil", { date: formatDate(designation.end_date) })
              : t("firm.validOpenEnded")}
          </span>
          {designation.issuer && <span className="designation__detail">{t("firm.issuer", { issuer: designation.issuer })}</span>}
        </li>
      ))}
    </ul>
  );
}

/** What a firm does for society, in a short list: its type of social purpose, employment, SVI grade, tags. */
export function SocialValue({ firm, tags = [] }: { firm: Firm; tags?: Tag[] }) {
  const { t, i18n } = useTranslation("storefront");
  const labels = useLabels();
  const share = firm.vulnerable_employee_share != null ? Number(firm.vulnerable_employee_share) : null;
  const rows: [string, string][] = [];
  if (firm.purpose_type) rows.push([t("firm.purpose"), t(`purpose.${firm.purpose_type}`)]);
  if (share != null && Number.isFinite(share))
    rows.push([t("firm.vulnerableShare"), `${PERCENT.format(share)}%`]);
  if (firm.svi_grade) rows.push([t("firm.svi"), labels.sviGrade(firm.svi_grade)]);
  if (!rows.length && !tags.length) return <p>{t("firm.noSocialValue")}</p>;
  return (
    <>
      {rows.length > 0 && (
        <dl className="facts">
          {rows.map(([term, value]) => (
            <div key={term} className="facts__row">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {tags.length > 0 && (
        <ul className="value-tags" aria-label={t("product.valueTags")}>
          {tags.map((tag) => (
            <li key={tag.slug} className="badge badge--value">
              {localName(tag, i18n.language)}
              <span className="visually-hidden"> ({t(`tagArea.${tag.area}`)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
