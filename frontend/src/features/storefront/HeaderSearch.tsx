import { useTranslation } from "react-i18next";

// The search box in the header (autocomplete and 초성 suggestions come with the storefront's search page).
export function HeaderSearch() {
  const { t } = useTranslation("common");
  return <span className="visually-hidden">{t("brand")}</span>;
}
