import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "../i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t("language.label")}</span>
      <select
        value={i18n.language}
        onChange={(event) => {
          setLanguage(event.target.value as Language);
          // Server messages and labels come in the request's language: fetch them again.
          void queryClient.invalidateQueries();
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
