import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Application, type Choices, type Language, type Problem } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { useT } from "../language";
import { answersToSave, initialValues, questions, titleId, type QuestionStep } from "./questions";
import { forgetUnsaved, offerUnsaved, unsavedFor } from "./unsaved";

interface Props {
  app: Application;
  step: QuestionStep;
  choices: Choices;
  languages: Language[];
  onShow: (app: Application) => void; // the backend's answer: show the step it says
  onHome: () => void;
  onReadCard?: () => void; // the number question: read it from the card instead
}

// QuestionPage asks one question: back link, error summary, the question (h1), the question in the applicant's
// language, the inputs, Continue. Typed values live here until saved, so an error never loses them.
export function QuestionPage({ app, step, choices, languages, onShow, onHome, onReadCard }: Props) {
  const t = useT();
  const q = questions[step];
  const headingId = useId();
  const [values, setValues] = useState(() => unsavedFor(app.id, step) ?? initialValues(step, app.answers));
  // If the desk locks while this page is up, what was typed is kept in memory and given back after unlocking.
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    forgetUnsaved();
    return offerUnsaved(() => ({ applicationId: app.id, step, values: latest.current }));
  }, [app.id, step]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const set = (field: string) => (value: string) => setValues((prev) => ({ ...prev, [field]: value }));

  const index = app.steps.indexOf(step);
  const previous = index > 0 ? app.steps[index - 1] : undefined;

  async function run(action: () => Promise<Application>) {
    if (busy) return;
    setBusy(true);
    try {
      onShow(await action());
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) setProblems(failure.problems);
    } finally {
      setBusy(false);
    }
  }

  function back() {
    if (previous) void run(() => desk.OpenStep(app.id, previous));
    else onHome();
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run(() => desk.SaveStep(app.id, step, answersToSave(step, values)));
  }

  const total = app.steps.filter((s) => s !== "check").length;
  return (
    <div className="page page--question">
      <BackLink onBack={back} />
      <ErrorSummary problems={problems} fields={q.fields} />
      <PageHeading id={headingId} caption={t("intake.caption", { Number: app.id, Current: index + 1, Total: total })}>
        {t(titleId(step))}
      </PageHeading>
      <ApplicantPanel applicantLanguage={app.answers.applicantLanguage ?? ""} titleId={titleId(step)} hintId={q.hintId} />
      <Form onSubmit={submit} validationBehavior="aria" className="question-form">
        <q.Fields values={values} set={set} error={error} choices={choices} languages={languages} headingId={headingId} keptNumber={app.number?.masked || undefined} onReadCard={onReadCard} />
        <Button type="submit" className="button">
          {t("common.continue")}
        </Button>
      </Form>
    </div>
  );
}
