import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Case, type CaseChoices, type Person, type Problem } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { RadioChoice, TextAreaInput, TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { useT } from "../language";

const personFields = ["name", "language", "contact", "notes"];

// PersonPage asks who the case is about (a new case, or a change to one). There is no question for the
// Individual Number: a case never holds one.
export function PersonPage({ choices, current, onDone, onBack }: { choices: CaseChoices; current?: Case; onDone: (c: Case) => void; onBack: () => void }) {
  const t = useT();
  const [v, setV] = useState<Person>(current?.person ?? { name: "", language: "", contact: "", notes: "" });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const set = (k: keyof Person) => (value: string) => setV((p) => ({ ...p, [k]: value }));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onDone(current ? await desk.SaveCasePerson(current.id, current.version, v) : await desk.CreateCase(v));
    } catch (err) {
      const f = asFailure(err);
      if (!endsSession(f)) setProblems(f.problems);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page">
      <BackLink onBack={onBack} />
      <ErrorSummary problems={problems} fields={personFields} />
      <PageHeading>{current ? t("cases.person.change.title") : t("cases.new.title")}</PageHeading>
      <Form onSubmit={submit} validationBehavior="aria" aria-label={t("cases.new.title")}>
        <TextInput name="name" label={t("cases.person.name.label")} hint={t("cases.person.name.hint")} value={v.name} onChange={set("name")} error={error("name")} width="20" />
        <RadioChoice
          name="language"
          label={t("cases.person.language.label")}
          hint={t("cases.person.language.hint")}
          options={choices.languages.map((l) => ({ value: l.tag, label: l.name, lang: l.tag }))}
          value={v.language}
          onChange={set("language")}
          error={error("language")}
        />
        <TextAreaInput name="contact" label={t("cases.person.contact.label")} hint={t("cases.person.contact.hint")} value={v.contact} onChange={set("contact")} error={error("contact")} rows={3} />
        <TextAreaInput name="notes" label={t("cases.person.notes.label")} hint={t("cases.person.notes.hint")} value={v.notes} onChange={set("notes")} error={error("notes")} rows={5} />
        <Button type="submit" className="button">
          {current ? t("cases.person.change.submit") : t("cases.new.submit")}
        </Button>
      </Form>
    </div>
  );
}
