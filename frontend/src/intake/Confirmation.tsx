import { useEffect, useRef } from "react";
import { Button } from "react-aria-components";
import type { Application } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { useT } from "../language";

// Confirmation is the GOV.UK confirmation panel after Submit, with the case number and the way to the next applicant.
export function Confirmation({ app, onNextApplicant }: { app: Application; onNextApplicant: () => void }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${t("confirmation.title")} – ${t("app.name")}`;
  }, [t]);
  return (
    <div className="page page--confirmation">
      <div className="panel">
        <h1 className="panel__title" tabIndex={-1} ref={ref}>
          {t("confirmation.title")}
        </h1>
        <div className="panel__body">
          {t("confirmation.caseNumber")}
          <br />
          <strong className="panel__reference">{app.id}</strong>
        </div>
      </div>
      <h2 className="heading-m">{t("confirmation.next.heading")}</h2>
      <p className="body">{t("confirmation.next.text")}</p>
      <ApplicantPanel applicantLanguage={app.answers.applicantLanguage ?? ""} titleId="confirmation.applicant" args={{ Number: app.id }} />
      <Button className="button" onPress={onNextApplicant}>
        {t("header.nextApplicant")}
      </Button>
    </div>
  );
}
