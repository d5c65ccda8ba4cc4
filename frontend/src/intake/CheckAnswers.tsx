import { useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Application, type Language, type Problem, type StepID } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { BackLink } from "../components/BackLink";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { useT } from "../language";
import { stepOfField } from "./questions";
import { SimilarPanel, useSimilarApplications } from "./SimilarApplications";
import { SummaryList, useRows } from "./SummaryList";

interface Props {
  app: Application;
  languages: Language[];
  onShow: (app: Application) => void;
  onSubmitted: (app: Application) => void;
}

// CheckAnswers is the GOV.UK check-answers page: every answer, a Change link per row, then Submit.
// Applications that may be of the same person are shown above Submit as a warning; they never block it.
export function CheckAnswers({ app, languages, onShow, onSubmitted }: Props) {
  const t = useT();
  const rows = useRows(app, languages);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const similar = useSimilarApplications(app.id);

  async function run<T>(action: () => Promise<T>, then: (v: T) => void) {
    if (busy) return;
    setBusy(true);
    try {
      then(await action());
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) setProblems(failure.problems);
    } finally {
      setBusy(false);
    }
  }

  const open = (step: StepID) => run(() => desk.OpenStep(app.id, step), onShow);
  const steps = app.steps.filter((s) => s !== "check");
  const previous = steps[steps.length - 1];
  return (
    <div className="page page--check">
      {previous && <BackLink onBack={() => void open(previous)} />}
      <ErrorSummary
        problems={problems}
        onFieldLink={(field) => {
          const step = stepOfField(field);
          if (step) void open(step);
        }}
      />
      <PageHeading caption={t("intake.caption.case", { Number: app.id })}>{t("checkAnswers.title")}</PageHeading>
      <ApplicantPanel applicantLanguage={app.answers.applicantLanguage ?? ""} titleId="checkAnswers.applicant.title" />
      <SummaryList rows={rows} onChange={(step) => void open(step)} />
      <SimilarPanel app={app} similar={similar} />
      <h2 className="heading-m">{t("checkAnswers.submit.heading")}</h2>
      <p className="body">{t("checkAnswers.submit.text")}</p>
      <Button className="button" onPress={() => void run(() => desk.SubmitApplication(app.id), onSubmitted)}>
        {t("checkAnswers.submit")}
      </Button>
    </div>
  );
}
