import { Button } from "react-aria-components";
import type { Language, User } from "../api";
import { useT } from "../language";
import { LanguageSelect } from "./LanguageSelect";

// NavItem is one entry of the header navigation: a section of the desk the signed-in role may open.
export interface NavItem {
  id: string;
  label: string;
  current: boolean;
  onSelect: () => void;
}

interface Props {
  user: User;
  languages: Language[];
  staffLanguage: string;
  onStaffLanguage: (tag: string) => void;
  onNextApplicant?: () => void; // counter and call-centre screens
  nextLabel?: string; // the button's text: "Next applicant" unless given ("Next caller")
  onSignOut: () => void;
  nav?: NavItem[]; // shown when there is more than one section to go to
}

// Header is on every signed-in screen: who is signed in, the screen language, Next applicant (or caller), Sign out,
// and the sections of the desk this role may open.
export function Header({ user, languages, staffLanguage, onStaffLanguage, onNextApplicant, nextLabel, onSignOut, nav = [] }: Props) {
  const t = useT();
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <span className="app-header__name">{t("app.name")}</span>
        <p className="app-header__user">
          {t("header.signedInAs", { Name: user.displayName, Role: t(`auth.role.${user.role}`) })}
        </p>
        <div className="app-header__actions">
          <LanguageSelect languages={languages} value={staffLanguage} onChange={onStaffLanguage} />
          {onNextApplicant && (
            <Button className="button button--header button--next" onPress={onNextApplicant}>
              {nextLabel ?? t("header.nextApplicant")}
            </Button>
          )}
          <Button className="button button--header" onPress={onSignOut}>
            {t("header.signOut")}
          </Button>
        </div>
      </div>
      {nav.length > 1 && (
        <nav className="app-nav" aria-label={t("nav.label")}>
          <ul className="app-nav__list">
            {nav.map((item) => (
              <li key={item.id} className="app-nav__item">
                <Button
                  className="app-nav__link"
                  aria-current={item.current ? "page" : undefined}
                  onPress={item.onSelect}
                >
                  {item.label}
                </Button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}

// PlainHeader is on the screens before sign-in: the app's name and the screen language.
export function PlainHeader({ languages, staffLanguage, onStaffLanguage }: Omit<Props, "user" | "onSignOut" | "onNextApplicant" | "nextLabel" | "nav">) {
  const t = useT();
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <span className="app-header__name">{t("app.name")}</span>
        {languages.length > 1 && (
          <div className="app-header__actions">
            <LanguageSelect languages={languages} value={staffLanguage} onChange={onStaffLanguage} />
          </div>
        )}
      </div>
    </header>
  );
}
