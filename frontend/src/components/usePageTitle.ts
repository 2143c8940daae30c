import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** The document's title: `title` in the namespace's "pageTitle" pattern (each portal names itself there). */
export function usePageTitle(namespace: string, title: string): void {
  const { t } = useTranslation(namespace);
  useEffect(() => {
    document.title = t("pageTitle", { title });
  }, [t, title]);
}
