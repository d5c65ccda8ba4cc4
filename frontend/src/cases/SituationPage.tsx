import { useMemo, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Case, type CaseChoices, type Problem, type SituationForm } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { RadioChoice, SelectChoice, type Option } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { countryName } from "../format";
import { useStaffLanguage, useT } from "../language";
import { DateFields } from "./DateFields";

const situationFields = [
  "category", "status", "nationality", "birthDate", "bornInJapan", "birthNotified", "notifiedDate", "statusApplied",
  "appliedDate", "parentCategory", "parentNationality", "stayEnd",
];

type DatePrefix = "birth" | "notified" | "applied" | "stayEnd";

// SituationPage is the "situation" section of a case: the questions residency's rules need, on one question
// page with the GOV.UK error summary. Go validates and evaluates; questions about a birth in Japan are shown
// only when the person was born in Japan.
export function SituationPage({ c, choices, onDone, onBack }: { c: Case; choices: CaseChoices; onDone: (c: Case) => void; onBack: () => void }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [v, setV] = useState<SituationForm>(c.situation);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const set = (k: keyof SituationForm) => (value: string) => setV((p) => ({ ...p, [k]: value }));
  const setDate = (prefix: DatePrefix) => (part: "day" | "month" | "year", value: string) => {
    const key = prefix === "stayEnd" ? `stayEnd${cap(part)}` : `${prefix}${cap(part)}`;
    setV((p) => ({ ...p, [key]: value }));
  };

  const countries: Option[] = useMemo(() => {
    const collator = new Intl.Collator(lang);
    const codes = choices.countries.filter((c) => c.length === 2);
    const named = codes.map((code) => ({ value: code, label: countryName(lang, t, code) })).sort((a, b) => collator.compare(a.label, b.label));
    return [...named, ...["stateless", "unknown"].map((id) => ({ value: id, label: t(`nationality.${id}`) }))];
  }, [choices.countries, lang, t]);
  const categories: Option[] = choices.categories.map((c) => ({ value: c.id, label: t(c.label) }));
  const yesNo: Option[] = [
    { value: "yes", label: t("cases.yes") },
    { value: "no", label: t("cases.no") },
  ];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onDone(await desk.SaveSituation(c.id, c.version, v));
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
      <ErrorSummary problems={problems} fields={situationFields} />
      <PageHeading caption={c.person.name}>{t("cases.situation.title")}</PageHeading>
      <Form onSubmit={submit} validationBehavior="aria" aria-label={t("cases.situation.title")}>
        <RadioChoice name="category" label={t("cases.situation.category.label")} options={categories} value={v.category} onChange={set("category")} error={error("category")} />
        {v.category === "mid_to_long_term" && (
          <SelectChoice
            name="status"
            label={t("cases.situation.status.label")}
            options={choices.statuses.map((s) => ({ value: s, label: t(`residence.status.${s}`) }))}
            value={v.status}
            onChange={set("status")}
            error={error("status")}
          />
        )}
        <SelectChoice name="nationality" label={t("cases.situation.nationality.label")} hint={t("cases.situation.nationality.hint")} options={countries} value={v.nationality} onChange={set("nationality")} error={error("nationality")} />
        <DateFields name="birthDate" legend={t("cases.situation.birthDate.legend")} day={v.birthDay} month={v.birthMonth} year={v.birthYear} onChange={setDate("birth")} error={error("birthDate")} />
        <RadioChoice name="bornInJapan" label={t("cases.situation.bornInJapan.label")} options={yesNo} value={v.bornInJapan} onChange={set("bornInJapan")} error={error("bornInJapan")} inline />
        {v.bornInJapan === "yes" && (
          <div className="conditional">
            <RadioChoice name="birthNotified" label={t("cases.situation.birthNotified.label")} hint={t("cases.situation.birthNotified.hint")} options={yesNo} value={v.birthNotified} onChange={set("birthNotified")} error={error("birthNotified")} inline />
            {v.birthNotified === "yes" && (
              <DateFields name="notifiedDate" legend={t("cases.situation.notifiedDate.legend")} day={v.notifiedDay} month={v.notifiedMonth} year={v.notifiedYear} onChange={setDate("notified")} error={error("notifiedDate")} />
            )}
            <RadioChoice name="statusApplied" label={t("cases.situation.statusApplied.label")} options={yesNo} value={v.statusApplied} onChange={set("statusApplied")} error={error("statusApplied")} inline />
            {v.statusApplied === "yes" && (
              <DateFields name="appliedDate" legend={t("cases.situation.appliedDate.legend")} day={v.appliedDay} month={v.appliedMonth} year={v.appliedYear} onChange={setDate("applied")} error={error("appliedDate")} />
            )}
            <SelectChoice
              name="parentCategory"
              label={t("cases.situation.parentCategory.label")}
              options={choices.categories.map((c) => ({ value: c.id, label: t(c.label) }))}
              value={v.parentCategory}
              onChange={set("parentCategory")}
              error={error("parentCategory")}
            />
            <SelectChoice name="parentNationality" label={t("cases.situation.parentNationality.label")} options={countries} value={v.parentNationality} onChange={set("parentNationality")} error={error("parentNationality")} />
          </div>
        )}
        <DateFields name="stayEnd" legend={t("cases.situation.stayEnd.legend")} hint={t("cases.situation.stayEnd.hint")} day={v.stayEndDay} month={v.stayEndMonth} year={v.stayEndYear} onChange={setDate("stayEnd")} error={error("stayEnd")} />
        <Button type="submit" className="button">
          {t("cases.situation.submit")}
        </Button>
      </Form>
    </div>
  );
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
