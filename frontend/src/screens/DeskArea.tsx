import { useEffect, useRef, useState } from "react";
import { asFailure, type Language, type Problem, type Role, type User } from "../api";
import { AuditTrail } from "../audit/AuditTrail";
import { ErrorSummary } from "../components/ErrorSummary";
import { Header } from "../components/Header";
import { desk, endsSession } from "../desk";
import { CounterArea, homeView, type CounterView } from "../intake/CounterArea";
import { useStaffLanguage, useT } from "../language";
import { CaseArea } from "../cases/CaseArea";
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
  busy: boolean; // the shell is still settling after sign-in (<main aria-busy>)
  onUser: (user: User) => void;
  onIdleMinutes: (n: number) => void;
  onCurrent: (id: number) => void;
  onNextApplicant: () => void;
  onSignOut: () => void;
}

export const intakeRoles = ["counter", "supervisor"];

// Sections of the desk, in header order, each for the roles whose purpose needs it (app/desk/access.go decides
// what each role may call; this only decides what the header offers). To add a section, add it here and give it
// its screen in DeskArea.
type SectionId = "counter" | "cases" | "admin" | "audit";
const sections: { id: SectionId; label: string; roles: Role[] }[] = [
  { id: "counter", label: "nav.counter", roles: ["counter", "supervisor"] },
  { id: "cases", label: "nav.cases", roles: ["counter", "supervisor", "ngo"] },
  { id: "admin", label: "nav.admin", roles: ["admin"] },
  { id: "audit", label: "nav.audit", roles: ["supervisor"] },
];

// DeskArea is everything a signed-in staff member sees. The shell remounts it (new key) for the next
// applicant, so no state of the previous one survives anywhere in it.
export function DeskArea(p: Props) {
  const lang = useStaffLanguage();
  const t = useT();
  const [view, setView] = useState<CounterView>(homeView);
  const [problems, setProblems] = useState<Problem[]>([]);
  const counter = intakeRoles.includes(p.user.role);
  const mine = sections.filter((s) => s.roles.includes(p.user.role));
  const [section, setSection] = useState<SectionId | undefined>(mine[0]?.id);
  const counterRef = useRef<HTMLDivElement>(null);
  const firstSection = useRef(true);

  // Back on the counter, whose page stayed mounted (nothing typed is lost): its heading takes focus and names the
  // window again, as a page change does.
  useEffect(() => {
    if (firstSection.current) {
      firstSection.current = false;
      return;
    }
    const h1 = section === "counter" ? counterRef.current?.querySelector("h1") : null;
    if (h1) {
      h1.focus();
      document.title = `${h1.textContent ?? ""} – ${t("app.name")}`;
    }
  }, [section]);
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

  // The counter stays mounted (hidden) while another section is open, so an application being typed is kept.
  let content;
  if (p.user.role === "ngo") {
    content = <CaseArea user={p.user} />;
  } else if (counter) {
    content = (
      <div ref={counterRef} hidden={section !== "counter"}>
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
      </div>
    );
  } else if (callCentre) {
    content = <CallCentreArea languages={p.languages} resumeId={p.resumeId} onCurrent={p.onCurrent} />;
  } else if (p.user.role === "admin") {
    content = <AdminScreen idleMinutes={p.idleMinutes} onIdleMinutes={p.onIdleMinutes} languages={p.languages} />;
  } else {
    content = <NoScreensForRole />;
  }

  return (
    <Layout
      version={p.version}
      busy={p.busy}
      header={
        <Header
          user={p.user}
          languages={p.languages}
          staffLanguage={lang}
          onStaffLanguage={(tag) => void changeLanguage(tag)}
          // The confirmation pages have their own Next applicant button: one per screen.
          onNextApplicant={
            callCentre || p.user.role === "ngo" || section === "cases" ||
            (counter && section === "counter" && view.kind !== "confirmation" && view.kind !== "handedOver")
              ? p.onNextApplicant
              : undefined
          }
          nextLabel={callCentre ? t("header.nextCaller") : undefined}
          onSignOut={p.onSignOut}
          nav={mine.map((s) => ({ id: s.id, label: t(s.label), current: s.id === section, onSelect: () => setSection(s.id) }))}
        />
      }
    >
      <ErrorSummary problems={problems} />
      {content}
      {counter && section === "cases" && <CaseArea user={p.user} />}
      {section === "audit" && <AuditTrail />}
    </Layout>
  );
}
