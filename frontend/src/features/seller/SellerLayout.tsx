import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useMe } from "../../app/session";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import "./seller.css";
import { usePageTitle } from "./ui";

const SECTIONS = [
  { to: "/seller", key: "dashboard", end: true },
  { to: "/seller/firm", key: "firm", end: false },
  { to: "/seller/listings", key: "listings", end: false },
  { to: "/seller/orders", key: "orders", end: false },
  // Agencies' purchasing (features/seller/agency/, strings in its own namespace).
  { to: "/seller/agency/rfqs", key: "sellerAgency:nav.rfqs", end: false },
  { to: "/seller/agency/orders", key: "sellerAgency:nav.orders", end: false },
  { to: "/seller/agency/invoices", key: "sellerAgency:nav.invoices", end: false },
  { to: "/seller/settlement", key: "settlement", end: false },
  { to: "/seller/reports/sales", key: "reportsSeller:nav", end: false },
] as const;

/** The seller portal's frame: its own menu, and a clear way in for anyone who is not (yet) a seller. */
export function SellerLayout() {
  const { t } = useTranslation(["seller", "sellerAgency", "reportsSeller"]);
  const me = useMe();

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <NotSeller signedIn={false} />;
  if (me.data.firm_id == null) return <NotSeller signedIn />;

  return (
    <div className="seller">
      <nav className="seller-nav" aria-label={t("nav.label")}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.key}>
              <NavLink to={section.to} end={section.end} className="seller-nav__link">
                {t(section.key.includes(":") ? section.key : `nav.${section.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="seller__content">
        <Outlet />
      </div>
    </div>
  );
}

function NotSeller({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation("seller");
  const location = useLocation();
  usePageTitle(t("gate.title"));
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <section className="page seller-gate">
      <h1>{t("gate.title")}</h1>
      <p>{signedIn ? t("gate.notSeller") : t("gate.signIn")}</p>
      <ul className="seller-gate__links">
        {!signedIn && (
          <li>
            <Link className="button" to={`/login?next=${next}`}>
              {t("gate.login")}
            </Link>
          </li>
        )}
        <li>
          <Link className={signedIn ? "button" : "button button--secondary"} to="/signup/seller">
            {t("gate.register")}
          </Link>
        </li>
      </ul>
    </section>
  );
}
