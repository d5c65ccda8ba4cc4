import { useEffect, useRef } from "react";
import { Button } from "react-aria-components";
import type { Application, Language } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
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
      <ApplicantPanel applicantLanguage={app.answers.applicantLanguage ?? ""} titleId="handover.done.applicant" />
      <Button className="button" onPress={onNextApplicant}>
        {t("header.nextApplicant")}
      </Button>
    </div>
  );
}
