import { Suspense, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { HeaderSearch } from "../features/storefront/HeaderSearch";
import { useCart } from "../features/cart/useCart";
import { AccountMenu } from "../features/auth/AccountMenu";
import { Loading } from "../components/Loading";
import { LanguageSwitch } from "./LanguageSwitch";
import { useMe } from "./session";

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const cart = useCart();
  const count = cart.data?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  const main = useRef<HTMLElement>(null);
  const location = useLocation();

  // A new page moves focus to its content, so screen readers announce it (single-page apps don't reload).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            {t("brand")}
          </Link>
          <HeaderSearch />
          <nav aria-label={t("nav.main")} className="site-header__nav">
            <NavLink to="/cart" className="site-header__link">
              {count ? t("nav.cartWithCount", { count }) : t("nav.cart")}
            </NavLink>
            {me.data && (
              <NavLink to="/orders" className="site-header__link">
                {t("nav.orders")}
              </NavLink>
            )}
            {me.data?.firm_id != null && (
              <NavLink to="/seller" className="site-header__link">
                {t("nav.seller")}
              </NavLink>
            )}
            {me.data?.agency && (
              <NavLink to="/agency" className="site-header__link">
                {t("nav.agency")}
              </NavLink>
            )}
            {(me.data?.is_operator || me.data?.officer_district) && (
              <NavLink to="/reports/city" className="site-header__link">
                {t("nav.reports")}
              </NavLink>
            )}
            <AccountMenu />
            <LanguageSwitch />
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="site-main">
        {/* A page's code and its strings load on first use (lazy routes, i18n namespaces). */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <ul className="site-footer__links">
          {me.data && (
            <li>
              <Link to="/me/impact">{t("footer.impact")}</Link>
            </li>
          )}
          <li>
            <Link to="/disclosure">{t("footer.disclosure")}</Link>
          </li>
          <li>
            <a href="/api/docs/">{t("footer.api")}</a>
          </li>
        </ul>
      </footer>
    </>
  );
}
