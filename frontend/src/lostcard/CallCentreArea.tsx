import { useEffect, useState } from "react";
import { asFailure, type Language, type LostCardReport, type LostCardRules, type Problem } from "../api";
import { desk, endsSession } from "../desk";
import { FiguresPage } from "./FiguresPage";
import { ReportPage } from "./ReportPage";
import { ReportsHome } from "./ReportsHome";

// CallCentreView is what the call-centre screens show. nav counts page changes, so each change remounts the page
// (fresh state, focus on its h1).
export type CallCentreView =
  | { kind: "home"; problems: Problem[]; nav: number }
  | { kind: "report"; report: LostCardReport; nav: number }
  | { kind: "figures"; nav: number };

interface Props {
  languages: Language[];
  resumeId: number; // the report to reopen on arrival (after an unlock), 0 if none
  onCurrent: (id: number) => void; // the report on screen, 0 for none
}

// CallCentreArea is the call-centre agent's desk: the reports list (start a report with one key, follow-ups),
// one report at a time, and the figures. Everything about a caller is forgotten when the shell remounts it
// (Next caller).
export function CallCentreArea({ languages, resumeId, onCurrent }: Props) {
  const [view, setView] = useState<CallCentreView>({ kind: "home", problems: [], nav: 0 });
  const [rules, setRules] = useState<LostCardRules | null>(null);
  const [busy, setBusy] = useState(false);

  type Next = { kind: "home"; problems: Problem[] } | { kind: "report"; report: LostCardReport } | { kind: "figures" };
  const go = (next: Next) => setView((prev) => ({ ...next, nav: prev.nav + 1 }));

  useEffect(() => {
    let live = true;
    desk.LostCardRules().then(
      (r) => live && setRules(r),
      () => undefined, // a lock is handled by the shell
    );
    if (resumeId) void open(() => desk.GetLostCardReport(resumeId));
    return () => {
      live = false;
    };
  }, []);

  const reportId = view.kind === "report" ? view.report.id : 0;
  useEffect(() => onCurrent(reportId), [reportId, onCurrent]);

  async function open(action: () => Promise<LostCardReport>) {
    if (busy) return;
    setBusy(true);
    try {
      go({ kind: "report", report: await action() });
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) go({ kind: "home", problems: failure.problems });
    } finally {
      setBusy(false);
    }
  }

  switch (view.kind) {
    case "report":
      return (
        <ReportPage
          key={view.nav}
          report={view.report}
          rules={rules}
          languages={languages}
          onBack={() => go({ kind: "home", problems: [] })}
        />
      );
    case "figures":
      return <FiguresPage key={view.nav} languages={languages} onBack={() => go({ kind: "home", problems: [] })} />;
    default:
      return (
        <ReportsHome
          key={view.nav}
          problems={view.problems}
          languages={languages}
          onStart={() => void open(() => desk.StartLostCardReport())}
          onOpen={(id) => void open(() => desk.GetLostCardReport(id))}
          onFigures={() => go({ kind: "figures" })}
        />
      );
  }
}
