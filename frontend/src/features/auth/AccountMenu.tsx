import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../../app/session";

// Log in / sign up for guests; the account and a log-out button for members (features/auth owns this).
export function AccountMenu() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.data) return <span className="site-header__link">{me.data.display_name || me.data.email}</span>;
  return (
    <Link to="/login" className="site-header__link">
      {t("nav.login")}
    </Link>
  );
}
