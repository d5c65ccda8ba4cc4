import { useState } from "react";
import { asFailure, type Language, type Problem, type User } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { Header } from "../components/Header";
import { desk, endsSession } from "../desk";
import { CounterArea, homeView, type CounterView } from "../intake/CounterArea";
import { useStaffLanguage, useT } from "../language";
import { CallCentreArea } from "../lostcard/CallCentreArea";
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
  const counter = intakeRoles.includes(p.user.role);
  const callCentre = p.user.role === "callcentre";

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
  if (counter) {
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
  } else if (callCentre) {
    content = <CallCentreArea languages={p.languages} resumeId={p.resumeId} onCurrent={p.onCurrent} />;
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
          onNextApplicant={
            callCentre || (counter && view.kind !== "confirmation" && view.kind !== "handedOver") ? p.onNextApplicant : undefined
          }
          nextLabel={callCentre ? t("header.nextCaller") : undefined}
          onSignOut={p.onSignOut}
        />
      }
    >
      <ErrorSummary problems={problems} />
      {content}
    </Layout>
  );
}
