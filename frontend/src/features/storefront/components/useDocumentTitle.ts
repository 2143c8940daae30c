import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** "떡 검색 결과 - 같이마켓": each page names itself in the tab and for screen readers after navigation. */
export function useDocumentTitle(title: string | null | undefined) {
  const { t } = useTranslation("common");
  const brand = t("brand");
  useEffect(() => {
    document.title = title ? `${title} - ${brand}` : brand;
  }, [title, brand]);
}
