import { Button } from "react-aria-components";
import type { Language, User } from "../api";
import { useT } from "../language";
import { LanguageSelect } from "./LanguageSelect";

interface Props {
  user: User;
  languages: Language[];
  staffLanguage: string;
  onStaffLanguage: (tag: string) => void;
  onNextApplicant?: () => void; // counter and call-centre screens
  nextLabel?: string; // the button's text: "Next applicant" unless given ("Next caller")
  onSignOut: () => void;
}

// Header is on every signed-in screen: who is signed in, the screen language, Next applicant, Sign out.
export function Header({ user, languages, staffLanguage, onStaffLanguage, onNextApplicant, nextLabel, onSignOut }: Props) {
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
    </header>
  );
}

// PlainHeader is on the screens before sign-in: the app's name and the screen language.
export function PlainHeader({ languages, staffLanguage, onStaffLanguage }: Omit<Props, "user" | "onSignOut" | "onNextApplicant" | "nextLabel">) {
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
