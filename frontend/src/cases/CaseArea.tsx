import { useEffect, useState } from "react";
import { asFailure, type Case, type CaseChoices, type Org, type Problem, type Referral, type User } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { desk, endsSession } from "../desk";
import { useT } from "../language";
import { CaseHome } from "./CaseHome";
import { CasePage } from "./CasePage";
import { LetterPage } from "./LetterPage";
import { PersonPage } from "./PersonPage";
import { ReferralNew } from "./ReferralNew";
import { ReferralPage } from "./ReferralPage";
import { SituationPage } from "./SituationPage";

type View =
  | { kind: "home" }
  | { kind: "newCase" }
  | { kind: "case"; id: number }
  | { kind: "person"; id: number }
  | { kind: "situation"; id: number }
  | { kind: "newReferral"; id: number; org: string }
  | { kind: "referral"; id: number; referralId: number }
  | { kind: "letter"; id: number; referralId: number };

// CaseArea is where NGO caseworkers (and counter staff, for the municipal counter's own cases) follow people:
// the due dashboard and case list, a case, its situation, referrals and letters. It holds only the case on
// screen; the desk remounts it for the next person.
export function CaseArea({ user }: { user: User }) {
  const t = useT();
  const [view, setView] = useState<View>({ kind: "home" });
  const [choices, setChoices] = useState<CaseChoices | null>(null);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [current, setCurrent] = useState<Case | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  function fail(err: unknown) {
    const f = asFailure(err);
    if (!endsSession(f)) setProblems(f.problems);
  }

  useEffect(() => {
    Promise.all([desk.CaseChoices(), desk.ListOrgs()]).then(([c, o]) => {
      setChoices(c);
      setOrgs(o);
    }, fail);
  }, []);

  const caseId = view.kind === "home" || view.kind === "newCase" ? 0 : view.id;
  useEffect(() => {
    if (!caseId) {
      setCurrent(null);
      return;
    }
    let live = true;
    desk.GetCase(caseId).then((c) => live && setCurrent(c), fail);
    return () => {
      live = false;
    };
  }, [caseId, view.kind]);

  function go(v: View) {
    setProblems([]);
    setView(v);
  }
  function shown(c: Case) {
    setCurrent(c);
    go({ kind: "case", id: c.id });
  }
  function referralChanged(r: Referral) {
    setCurrent((c) => (c ? { ...c, referrals: c.referrals.map((x) => (x.id === r.id ? r : x)) } : c));
  }

  if (problems.length) return <ErrorSummary problems={problems} />;
  if (!choices) return <p className="body">{t("common.loading")}</p>;
  const ready = current && current.id === caseId;
  switch (view.kind) {
    case "home":
      return <CaseHome onOpen={(id) => go({ kind: "case", id })} onNew={() => go({ kind: "newCase" })} />;
    case "newCase":
      return <PersonPage choices={choices} onDone={shown} onBack={() => go({ kind: "home" })} />;
  }
  if (!ready) return <p className="body">{t("common.loading")}</p>;
  const back = () => go({ kind: "case", id: current.id });
  switch (view.kind) {
    case "case":
      return (
        <CasePage
          c={current}
          orgs={orgs}
          languages={choices.languages}
          onBack={() => go({ kind: "home" })}
          onPerson={() => go({ kind: "person", id: current.id })}
          onSituation={() => go({ kind: "situation", id: current.id })}
          onRefer={(org) => go({ kind: "newReferral", id: current.id, org })}
          onReferral={(referralId) => go({ kind: "referral", id: current.id, referralId })}
        />
      );
    case "person":
      return <PersonPage choices={choices} current={current} onDone={shown} onBack={back} />;
    case "situation":
      return <SituationPage c={current} choices={choices} onDone={shown} onBack={back} />;
    case "newReferral":
      return (
        <ReferralNew
          c={current}
          orgs={orgs}
          org={view.org}
          onDone={(r) => {
            setCurrent({ ...current, referrals: [...current.referrals, r] });
            go({ kind: "referral", id: current.id, referralId: r.id });
          }}
          onBack={back}
        />
      );
    case "referral": {
      const r = current.referrals.find((x) => x.id === view.referralId);
      if (!r) return <p className="body">{t("common.loading")}</p>;
      return (
        <ReferralPage
          key={r.id}
          c={current}
          referral={r}
          orgs={orgs}
          choices={choices}
          onChanged={referralChanged}
          onLetter={() => go({ kind: "letter", id: current.id, referralId: r.id })}
          onBack={back}
        />
      );
    }
    case "letter":
      return (
        <LetterPage
          referralId={view.referralId}
          from={orgs.find((o) => o.id === user.org) ?? null}
          languages={choices.languages}
          onBack={() => go({ kind: "referral", id: current.id, referralId: view.referralId })}
        />
      );
  }
}
