import { useState } from "react";
import { asFailure, type Language, type Problem, type User } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { Header } from "../components/Header";
import { desk, endsSession } from "../desk";
import { CounterArea, homeView, type CounterView } from "../intake/CounterArea";
import { useStaffLanguage, useT } from "../language";
import { CaseArea } from "../cases/CaseArea";
import { AdminScreen, NoScreensForRole } from "./AdminScreen";
import { Layout } from "./Layout";

interface Props {
  user: User;
  languages: Language[];
  idleMinutes: number;
  version: string;
  openDraftId: number;
  resumeId: number;
  onUser: (user: User) => void;
  onIdleMinutes: (n: number) => void;
  onCurrent: (id: number) => void;
  onNextApplicant: () => void;
  onSignOut: () => void;
}

export const intakeRoles = ["counter", "supervisor"];

// DeskArea is everything a signed-in staff member sees. The shell remounts it (new key) for the next
// applicant, so no state of the previous one survives anywhere in it.
export function DeskArea(p: Props) {
  const lang = useStaffLanguage();
  const t = useT();
  const [view, setView] = useState<CounterView>(homeView);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [area, setArea] = useState<"applications" | "cases">("applications");
  const counter = intakeRoles.includes(p.user.role);

  async function changeLanguage(tag: string) {
    try {
      p.onUser(await desk.SetStaffLanguage(tag));
      setProblems([]);
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) setProblems(failure.problems);
    }
  }

  let content;
  if (p.user.role === "ngo") {
    content = <CaseArea user={p.user} />;
  } else if (counter && area === "cases") {
    content = <CaseArea user={p.user} />;
  } else if (counter) {
    content = (
      <CounterArea
        role={p.user.role}
        view={view}
        setView={setView}
        languages={p.languages}
        openDraftId={p.openDraftId}
        resumeId={p.resumeId}
        onCurrent={p.onCurrent}
        onNextApplicant={p.onNextApplicant}
      />
    );
  } else if (p.user.role === "admin") {
    content = <AdminScreen idleMinutes={p.idleMinutes} onIdleMinutes={p.onIdleMinutes} />;
  } else {
    content = <NoScreensForRole />;
  }

  return (
    <Layout
      version={p.version}
      header={
        <Header
          user={p.user}
          languages={p.languages}
          staffLanguage={lang}
          onStaffLanguage={(tag) => void changeLanguage(tag)}
          // The confirmation pages have their own Next applicant button: one per screen.
          onNextApplicant={p.user.role === "ngo" || (counter && (area === "cases" || (view.kind !== "confirmation" && view.kind !== "handedOver"))) ? p.onNextApplicant : undefined}
          onSignOut={p.onSignOut}
        />
      }
    >
      <ErrorSummary problems={problems} />
      {counter && (
        <nav className="area-nav" aria-label={t("nav.areas")}>
          <ul className="area-nav__list">
            {(["applications", "cases"] as const).map((a) => (
              <li key={a}>
                <a
                  href={`#${a}`}
                  className="area-nav__link"
                  aria-current={area === a ? "page" : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    setArea(a);
                  }}
                >
                  {t(`nav.${a}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {content}
    </Layout>
  );
}
