import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useMe } from "../../app/session";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import { loginPath } from "../auth";
import "./agency.css";
import type { AgencyRole } from "./api";
import { ApplicationStatus } from "./register/ApplicationStatus";
import { usePageTitle } from "./ui";

interface Section {
  to: string;
  key: string;
  end?: boolean;
  /** Shown to members holding this role only (the pages themselves still answer everyone). */
  role?: AgencyRole;
}

const SECTIONS: Section[] = [
  { to: "/agency", key: "dashboard", end: true },
  { to: "/agency/rfqs", key: "rfqs" },
  { to: "/agency/purchases", key: "purchases" },
  { to: "/agency/approvals", key: "approvals", role: "approver" },
  { to: "/agency/deliveries", key: "deliveries" },
  { to: "/agency/invoices", key: "invoices" },
  { to: "/agency/documents", key: "documents" },
  { to: "/agency/performance", key: "performance" },
  { to: "/agency/members", key: "members", role: "admin" },
];

/** The agency portal's frame: its own menu for members of an approved agency, else the way in. */
export function AgencyLayout() {
  const { t } = useTranslation("agency");
  const me = useMe();

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Gate signedIn={false} />;
  const membership = me.data.agency;
  if (!membership) return <Gate signedIn />;
  if (membership.status !== "approved") return <ApplicationStatus />;

  const roles = membership.roles;
  return (
    <div className="agency">
      <p className="agency__name">{membership.name}</p>
      <nav className="agency-nav" aria-label={t("nav.label")}>
        <ul>
          {SECTIONS.filter((section) => !section.role || roles.includes(section.role)).map((section) => (
            <li key={section.key}>
              <NavLink to={section.to} end={section.end} className="agency-nav__link">
                {t(`nav.${section.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="agency__content">
        <Outlet />
      </div>
    </div>
  );
}

function Gate({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation("agency");
  const location = useLocation();
  usePageTitle(t("gate.title"));
  return (
    <section className="page agency-gate">
      <h1>{t("gate.title")}</h1>
      <p>{signedIn ? t("gate.notMember") : t("gate.signIn")}</p>
      <ul className="agency-gate__links">
        {!signedIn && (
          <li>
            <Link className="button" to={loginPath(location.pathname + location.search)}>
              {t("gate.login")}
            </Link>
          </li>
        )}
        <li>
          <Link className={signedIn ? "button" : "button button--secondary"} to="/agency/register">
            {t("gate.register")}
          </Link>
        </li>
      </ul>
      <p className="agency-muted">{t("gate.invited")}</p>
    </section>
  );
}
