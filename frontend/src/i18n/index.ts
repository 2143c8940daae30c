// Every user-facing string goes through i18next. Korean is the default; English is a switch away.
// Each feature keeps its strings in its own namespace file, locales/<lang>/<namespace>.json, loaded with the
// feature's code (a separate chunk) the first time a component asks for it: useTranslation("seller") suspends
// until then. Only the shell's "common" strings ship in the entry bundle.
import i18n from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { initReactI18next } from "react-i18next";
import commonEn from "../locales/en/common.json";
import commonKo from "../locales/ko/common.json";

export const LANGUAGES = ["ko", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "gachi.language";

function initialLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "ko" || saved === "en") return saved;
  } catch {
    // Storage can be off (private mode); Korean it is.
  }
  return "ko";
}

void i18n
  .use(initReactI18next)
  .use(resourcesToBackend((language: string, namespace: string) => import(`../locales/${language}/${namespace}.json`)))
  .init({
    resources: { ko: { common: commonKo }, en: { common: commonEn } },
    partialBundledLanguages: true,
    lng: initialLanguage(),
    fallbackLng: "ko",
    supportedLngs: LANGUAGES,
    defaultNS: "common",
    ns: ["common"],
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
  });

export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered; still switched for this visit.
  }
}

i18n.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});
if (typeof document !== "undefined") document.documentElement.lang = i18n.language;

export default i18n;
