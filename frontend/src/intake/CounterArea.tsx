import { useEffect, useState } from "react";
import { asFailure, type Application, type Choices, type Language, type Problem, type Role } from "../api";
import { desk, endsSession } from "../desk";
import { HandoverDone } from "../handover/HandoverDone";
import { HandoverPage } from "../handover/HandoverPage";
import { useT } from "../language";
import { FiguresPage } from "../lostcard/FiguresPage";
import { CheckAnswers } from "./CheckAnswers";
import { Confirmation } from "./Confirmation";
import { NumberFromCardPage } from "./NumberFromCardPage";
import { CounterHome } from "./CounterHome";
import { QuestionPage } from "./QuestionPage";
import { ReadyApplication } from "./ReadyApplication";

// CounterView is what the counter screens show. nav counts page changes, so that every page change
// remounts the page (fresh state, focus on its h1) even when the same step comes back.
export type CounterView =
  | { kind: "home"; problems: Problem[]; nav: number }
  | { kind: "application"; app: Application; nav: number }
  | { kind: "confirmation"; app: Application; nav: number }
  | { kind: "handover"; app: Application; nav: number }
  | { kind: "handedOver"; app: Application; nav: number }
  | { kind: "numberFromCard"; app: Application; nav: number }
  | { kind: "figures"; nav: number }; // supervisors: the call centre's lost-card figures (counts only)

// The counter roles that see the call centre's lost-card figures (counts, no personal data).
const figureRoles: Role[] = ["supervisor"];

// The roles that hand cards over to applicants.
export const handoverRoles: Role[] = ["counter", "supervisor"];

export const homeView: CounterView = { kind: "home", problems: [], nav: 0 };

const noChoices: Choices = { countries: [], residenceStatuses: [], eras: [] };

interface Props {
  role: Role;
  view: CounterView;
  setView: (update: (prev: CounterView) => CounterView) => void;
  languages: Language[];
  openDraftId: number;
  resumeId: number; // application to reopen on arrival (after an unlock), 0 if none
  onCurrent: (id: number) => void; // the application on screen, 0 for none
  onNextApplicant: () => void;
}

// CounterArea runs the assisted application: home, one question per page, check answers, confirmation;
// and for a ready application, the card handover and its confirmation.
export function CounterArea({ role, view, setView, languages, openDraftId, resumeId, onCurrent, onNextApplicant }: Props) {
  const [choices, setChoices] = useState<Choices | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();

  type Next =
    | { kind: "home"; problems: Problem[] }
    | { kind: "application"; app: Application }
    | { kind: "confirmation"; app: Application }
    | { kind: "handover"; app: Application }
    | { kind: "handedOver"; app: Application }
    | { kind: "numberFromCard"; app: Application }
    | { kind: "figures" };
  const go = (next: Next) => setView((prev) => ({ ...next, nav: prev.nav + 1 }));
  const show = (app: Application) => go({ kind: "application", app });
  const home = (problems: Problem[] = []) => go({ kind: "home", problems });

  async function run(action: () => Promise<Application>) {
    if (busy) return;
    setBusy(true);
    try {
      show(await action());
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) home(failure.problems);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    let live = true;
    desk.Choices().then(
      (c) => live && setChoices(c),
      () => undefined, // retried when a page needs them; a lock is handled by the shell
    );
    if (resumeId) void run(() => desk.GetApplication(resumeId));
    return () => {
      live = false;
    };
  }, []);

  const appId = "app" in view ? view.app.id : 0;
  useEffect(() => onCurrent(appId), [appId, onCurrent]);

  useEffect(() => {
    if (view.kind === "application" && !choices) {
      desk.Choices().then(setChoices, (err) => {
        const failure = asFailure(err);
        if (!endsSession(failure)) home(failure.problems);
      });
    }
  }, [view.kind, choices]);

  switch (view.kind) {
    case "home":
      return (
        <CounterHome
          key={view.nav}
          problems={view.problems}
          openDraftId={openDraftId}
          onStart={() => void run(() => desk.StartApplication())}
          onOpen={(id) => void run(() => desk.GetApplication(id))}
          onFigures={figureRoles.includes(role) ? () => go({ kind: "figures" }) : undefined}
        />
      );
    case "figures":
      return <FiguresPage key={view.nav} languages={languages} onBack={() => home()} backLabel={t("common.backToApplications")} />;
    case "confirmation":
      return <Confirmation key={view.nav} app={view.app} onNextApplicant={onNextApplicant} />;
    case "handover": {
      const id = view.app.id;
      return (
        <HandoverPage
          key={view.nav}
          app={view.app}
          onBack={() => void run(() => desk.GetApplication(id))}
          onHandedOver={(done) => go({ kind: "handedOver", app: done })}
        />
      );
    }
    case "numberFromCard": {
      const id = view.app.id;
      return <NumberFromCardPage key={view.nav} app={view.app} onBack={() => void run(() => desk.GetApplication(id))} onRecorded={show} />;
    }
    case "handedOver":
      return <HandoverDone key={view.nav} app={view.app} languages={languages} onNextApplicant={onNextApplicant} />;
    case "application": {
      const app = view.app;
      if (app.status === "ready") {
        return (
          <ReadyApplication
            key={view.nav}
            app={app}
            languages={languages}
            onHome={() => home()}
            onHandOver={handoverRoles.includes(role) ? () => go({ kind: "handover", app }) : undefined}
          />
        );
      }
      if (app.step === "check") {
        return (
          <CheckAnswers
            key={view.nav}
            app={app}
            languages={languages}
            onShow={show}
            onSubmitted={(done) => go({ kind: "confirmation", app: done })}
          />
        );
      }
      return (
        <QuestionPage
          key={view.nav}
          app={app}
          step={app.step}
          choices={choices ?? noChoices}
          languages={languages}
          onShow={show}
          onHome={() => home()}
          onReadCard={app.step === "number" ? () => go({ kind: "numberFromCard", app }) : undefined}
        />
      );
    }
  }
}
