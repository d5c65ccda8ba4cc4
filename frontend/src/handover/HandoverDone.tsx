import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";
import type { Application, Language, LostCardRules } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { desk } from "../desk";
import { SummaryList, useRows } from "../intake/SummaryList";
import { useT } from "../language";
import { HandedOverPanel } from "./HandedOverPanel";

// HandoverDone is the confirmation panel after the card was handed over, with the record of the handover,
// the application, and the way to the next applicant.
export function HandoverDone({ app, languages, onNextApplicant }: { app: Application; languages: Language[]; onNextApplicant: () => void }) {
  const t = useT();
  const rows = useRows(app, languages);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${t("handover.done.title")} – ${t("app.name")}`;
  }, [t]);
  const lines = useSuspensionLines();
  const overridden = !!app.handedOver && !app.handedOver.matched;
  return (
    <div className="page page--ready">
      <div className="panel">
        <h1 className="panel__title" tabIndex={-1} ref={ref}>
          {t("handover.done.title")}
        </h1>
        <div className="panel__body">
          {t("confirmation.caseNumber")}
          <br />
          <strong className="panel__reference">{app.id}</strong>
          {overridden && <p className="panel__note">{t("handover.done.overridden")}</p>}
        </div>
      </div>
      {app.handedOver && <HandedOverPanel handover={app.handedOver} title={t("handover.record.heading")} />}
      <h2 className="heading-m">{t("readyApplication.title")}</h2>
      <SummaryList rows={rows} />
      <h2 className="heading-m">{t("confirmation.next.heading")}</h2>
      <p className="body">{t("handover.done.next")}</p>
      <ApplicantPanel
        applicantLanguage={app.answers.applicantLanguage ?? ""}
        titleId="handover.done.applicant"
        hintId={lines ? "handover.done.applicant.phone" : undefined}
        args={lines}
      />
      <Button className="button" onPress={onNextApplicant}>
        {t("header.nextApplicant")}
      </Button>
    </div>
  );
}

// useSuspensionLines is the phone lines that suspend a lost card, as the lost-card rules hold them, for the
// applicant to note; undefined until they are read (the sentence before them stands alone meanwhile).
function useSuspensionLines() {
  const [lines, setLines] = useState<Record<string, string | number>>();
  useEffect(() => {
    let live = true;
    desk.LostCardRules().then(
      (r: LostCardRules) => live && setLines({ Line: r.suspensionLine, Option: r.suspensionLineOption, Foreign: r.suspensionLineForeign }),
      () => undefined, // a lock is handled by the shell
    );
    return () => {
      live = false;
    };
  }, []);
  return lines;
}
