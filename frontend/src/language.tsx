import { createContext, useContext, useMemo, type ReactNode } from "react";
import { I18nProvider } from "react-aria-components";
import { translator, type Translate } from "./i18n";

interface LanguageState {
  lang: string; // the staff language: every screen is drawn in it
  t: Translate;
}

const LanguageContext = createContext<LanguageState>({ lang: "ja", t: translator("ja") });

// StaffLanguage draws everything below it in lang; react-aria's own strings follow it too.
export function StaffLanguage({ lang, children }: { lang: string; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  return (
    <LanguageContext.Provider value={value}>
      <I18nProvider locale={lang}>{children}</I18nProvider>
    </LanguageContext.Provider>
  );
}

// useT returns t(id, args) in the staff language.
export function useT(): Translate {
  return useContext(LanguageContext).t;
}

// useStaffLanguage returns the staff language tag.
export function useStaffLanguage(): string {
  return useContext(LanguageContext).lang;
}
