import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { useMe } from "../../app/session";
import { loginPath } from "./nextPath";
import { useLogout } from "./useAuth";

// Log in / sign up for guests; the account's name and a log-out button for members.
export function AccountMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  if (me.data) {
    return (
      <>
        <span className="site-header__link">{me.data.display_name || me.data.email}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={logout.isPending}
          onClick={() => logout.mutate(undefined, { onSuccess: () => void navigate("/") })}
        >
          {t("nav.logout")}
        </button>
        {logout.isError && (
          <span role="alert" className="field__error">
            {t("error.server")}
          </span>
        )}
      </>
    );
  }
  // Come back to this page after logging in (not from the login or sign-up pages themselves).
  const here = location.pathname + location.search;
  return (
    <>
      <Link to={loginPath(here)} className="site-header__link">
        {t("nav.login")}
      </Link>
      <Link to="/signup" className="site-header__link">
        {t("nav.signup")}
      </Link>
    </>
  );
}
