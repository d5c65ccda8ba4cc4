// The intake questions: for each step, its fields (names exactly as the Go side's intake.stepFields), the
// message IDs of its question, and the inputs that ask it. One question per page, GOV.UK style.
import { useId, useMemo, type ReactNode } from "react";
import {
  ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text, TextField, Button as AriaButton,
  useFilter,
} from "react-aria-components";
import type { Answers, Choices, Language, StepID } from "../api";
import { ErrorText, RadioChoice, SelectChoice, TextInput, type Option } from "../components/fields";
import { fieldId } from "../components/focusField";
import { countryName } from "../format";
import { translate, type Translate } from "../i18n";
import { useStaffLanguage, useT } from "../language";

export type QuestionStep = Exclude<StepID, "check">;

export interface FieldsProps {
  values: Answers;
  set: (field: string) => (value: string) => void;
  error: (field: string) => string | undefined;
  choices: Choices;
  languages: Language[];
  headingId: string; // the h1, for groups whose label is the page's question
  keptNumber?: string; // the Individual Number already recorded, masked
  onReadCard?: () => void; // the number page: read it from the applicant's card instead
}

export interface Question {
  fields: string[]; // answer keys this page sends (and error-summary link targets)
  hintId?: string; // a hint under the question, also read to the applicant
  Fields: (p: FieldsProps) => ReactNode;
  answers?: (values: Answers) => Answers; // what SaveStep receives; default: the fields as typed
}

export const titleId = (step: StepID) => `intake.${step}.title`;
const label = (step: StepID, field: string) => `intake.${step}.${field}.label`;
const hint = (step: StepID, field: string) => `intake.${step}.${field}.hint`;
const option = (step: StepID, field: string, value: string) => `intake.${step}.${field}.option.${value}`;

function options(t: Translate, step: StepID, field: string, values: string[]): Option[] {
  return values.map((value) => ({ value, label: t(option(step, field, value)) }));
}

function LanguageFields({ values, set, error, languages, headingId }: FieldsProps) {
  const t = useT();
  return (
    <RadioChoice
      name="applicantLanguage"
      labelledBy={headingId}
      hint={t("intake.language.hint")}
      options={languages.map((l) => ({ value: l.tag, label: l.name, lang: l.tag }))}
      value={values.applicantLanguage}
      onChange={set("applicantLanguage")}
      error={error("applicantLanguage")}
    />
  );
}

function NameFields({ values, set, error }: FieldsProps) {
  const t = useT();
  return (
    <>
      <TextInput
        name="name"
        label={t(label("name", "name"))}
        hint={t(hint("name", "name"))}
        value={values.name}
        onChange={set("name")}
        error={error("name")}
      />
      <TextInput
        name="alias"
        label={t(label("name", "alias"))}
        hint={t(hint("name", "alias"))}
        value={values.alias}
        onChange={set("alias")}
        error={error("alias")}
      />
    </>
  );
}

function KanaFields({ values, set, error }: FieldsProps) {
  const t = useT();
  return (
    <TextInput
      name="nameKana"
      label={t(label("kana", "nameKana"))}
      hint={t(hint("kana", "nameKana"))}
      value={values.nameKana}
      onChange={set("nameKana")}
      error={error("nameKana")}
    />
  );
}

// DatePart is one box of the GOV.UK date input: its error is shown once, for the whole date, above the boxes.
function DatePart(p: { name: string; label: string; value: string; onChange: (v: string) => void; invalid: boolean; width: "2" | "4" }) {
  return (
    <div className="date-input__item" id={fieldId(p.name)}>
      <TextField name={p.name} value={p.value} onChange={p.onChange} isInvalid={p.invalid} validationBehavior="aria" autoComplete="off">
        <Label className="label date-input__label">{p.label}</Label>
        <Input className={`input input--width-${p.width}`} inputMode="numeric" spellCheck={false} />
      </TextField>
    </div>
  );
}

const dateParts = ["birthYear", "birthMonth", "birthDay"] as const;

function BirthFields({ values, set, error, choices }: FieldsProps) {
  const t = useT();
  const japanese = values.birthCalendar === "japanese";
  const hintId = useId();
  const errorId = useId();
  // A problem about the date as a whole (should the backend send one) is shown with the date's own parts.
  const parts = japanese ? ["birthEra", ...dateParts] : dateParts;
  const dateErrors = [error("birthDate"), ...parts.map((f) => error(f))].filter((e): e is string => !!e);
  const unique = [...new Set(dateErrors)];
  return (
    <>
      <RadioChoice
        name="birthCalendar"
        label={t(label("birth", "birthCalendar"))}
        options={options(t, "birth", "birthCalendar", ["gregorian", "japanese"])}
        value={values.birthCalendar}
        onChange={set("birthCalendar")}
        error={error("birthCalendar")}
      />
      <div className={unique.length ? "form-group form-group--error" : "form-group"} id={fieldId("birthDate")}>
        <fieldset className="fieldset" role="group" aria-describedby={unique.length ? `${hintId} ${errorId}` : hintId}>
          <legend className="fieldset__legend">{t("intake.birth.date.legend")}</legend>
          <p className="hint" id={hintId}>
            {t(japanese ? "intake.birth.date.hint.japanese" : "intake.birth.date.hint.gregorian")}
          </p>
          {unique.length > 0 && (
            <p className="error-message" id={errorId}>
              {unique.map((e) => (
                <span className="error-message__line" key={e}>
                  <ErrorText>{e}</ErrorText>
                </span>
              ))}
            </p>
          )}
          <div className="date-input">
            {japanese && (
              <SelectChoice
                name="birthEra"
                label={t(label("birth", "birthEra"))}
                options={choices.eras.map((era) => ({ value: era, label: t(`date.era.${era}`) }))}
                value={values.birthEra}
                onChange={set("birthEra")}
                error={error("birthEra")}
                className="date-input__item"
                inGroup
              />
            )}
            <DatePart name="birthYear" label={t(label("birth", "birthYear"))} value={values.birthYear} onChange={set("birthYear")} invalid={!!error("birthYear") || !!error("birthDate")} width="4" />
            <DatePart name="birthMonth" label={t(label("birth", "birthMonth"))} value={values.birthMonth} onChange={set("birthMonth")} invalid={!!error("birthMonth") || !!error("birthDate")} width="2" />
            <DatePart name="birthDay" label={t(label("birth", "birthDay"))} value={values.birthDay} onChange={set("birthDay")} invalid={!!error("birthDay") || !!error("birthDate")} width="2" />
          </div>
        </fieldset>
      </div>
    </>
  );
}

function SexFields({ values, set, error, headingId }: FieldsProps) {
  const t = useT();
  return (
    <RadioChoice
      name="sex"
      labelledBy={headingId}
      hint={t("intake.sex.hint")}
      options={options(t, "sex", "sex", ["male", "female", "unstated"])}
      value={values.sex}
      onChange={set("sex")}
      error={error("sex")}
    />
  );
}

function AddressFields({ values, set, error }: FieldsProps) {
  const t = useT();
  return (
    <>
      <TextInput
        name="postalCode"
        label={t(label("address", "postalCode"))}
        hint={t(hint("address", "postalCode"))}
        value={values.postalCode}
        onChange={set("postalCode")}
        error={error("postalCode")}
        inputMode="numeric"
        width="10"
      />
      <TextInput
        name="address"
        label={t(label("address", "address"))}
        hint={t(hint("address", "address"))}
        value={values.address}
        onChange={set("address")}
        error={error("address")}
      />
    </>
  );
}

interface Country {
  id: string;
  name: string;
}

// NationalityFields is a searchable list of every country, named in the staff language, and the two answers
// that are not countries. Typing matches the staff-language name, the English and Japanese names and the code.
function NationalityFields({ values, set, error, choices }: FieldsProps) {
  const t = useT();
  const lang = useStaffLanguage();
  const { contains } = useFilter({ sensitivity: "base" });
  const { items, search } = useMemo(() => {
    const collator = new Intl.Collator(lang);
    const countries: Country[] = choices.countries
      .map((code) => ({ id: code, name: countryName(lang, t, code) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    const extra: Country[] = ["stateless", "unknown"].map((id) => ({ id, name: t(`nationality.${id}`) }));
    const all = [...countries, ...extra];
    const search = new Map<string, string>();
    for (const c of all) {
      // Also match the English and Japanese names, whatever the staff language (無国籍 typed in an English screen).
      const also = c.id.length === 2
        ? [countryName("en", t, c.id), countryName("ja", t, c.id), c.id]
        : [translate("en", `nationality.${c.id}`), translate("ja", `nationality.${c.id}`)];
      search.set(c.name, [c.name, ...also].join("\n"));
    }
    return { items: all, search };
  }, [choices.countries, lang, t]);
  const err = error("nationality");
  return (
    <div className={err ? "form-group form-group--error" : "form-group"} id={fieldId("nationality")}>
      <ComboBox
        name="nationality"
        className="combobox"
        defaultItems={items}
        value={values.nationality || null}
        onChange={(key) => set("nationality")(key == null ? "" : String(key))}
        defaultFilter={(textValue, input) => (search.get(textValue) ?? textValue).split("\n").some((s) => contains(s, input))}
        isInvalid={!!err}
        validationBehavior="aria"
      >
        <Label className="label">{t(label("nationality", "nationality"))}</Label>
        <Text slot="description" className="hint">
          {t(hint("nationality", "nationality"))}
        </Text>
        <FieldError className="error-message">
          <ErrorText>{err}</ErrorText>
        </FieldError>
        <div className="combobox__row">
          <Input className="input input--width-20" autoComplete="off" spellCheck={false} />
          <AriaButton className="combobox__button">
            <span aria-hidden="true">▼</span>
          </AriaButton>
        </div>
        <Popover className="popover">
          <ListBox<Country> className="listbox" renderEmptyState={() => <p className="listbox__empty">{t("intake.nationality.nationality.noMatch")}</p>}>
            {(item) => (
              <ListBoxItem id={item.id} textValue={item.name} className="listbox__item">
                {item.name}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </div>
  );
}

function ResidenceFields({ values, set, error, choices }: FieldsProps) {
  const t = useT();
  return (
    <>
      <SelectChoice
        name="residenceStatus"
        label={t(label("residence", "residenceStatus"))}
        hint={t(hint("residence", "residenceStatus"))}
        options={choices.residenceStatuses.map((id) => ({ value: id, label: t(`residence.status.${id}`) }))}
        value={values.residenceStatus}
        onChange={set("residenceStatus")}
        error={error("residenceStatus")}
      />
      {/* Which statuses need the date is a rule in Go: the field is always offered, Go says when it is missing. */}
      <TextInput
        name="stayUntil"
        label={t(label("residence", "stayUntil"))}
        hint={t(hint("residence", "stayUntil"))}
        value={values.stayUntil}
        onChange={set("stayUntil")}
        error={error("stayUntil")}
        width="10"
      />
    </>
  );
}

function ContactFields({ values, set, error }: FieldsProps) {
  const t = useT();
  return (
    <>
      <TextInput
        name="phone"
        label={t(label("contact", "phone"))}
        hint={t(hint("contact", "phone"))}
        value={values.phone}
        onChange={set("phone")}
        error={error("phone")}
        type="tel"
        inputMode="tel"
        width="20"
      />
      <TextInput
        name="contactOther"
        label={t(label("contact", "contactOther"))}
        hint={t(hint("contact", "contactOther"))}
        value={values.contactOther}
        onChange={set("contactOther")}
        error={error("contactOther")}
      />
    </>
  );
}

// NumberFields asks whether to record the Individual Number and, if so, for it twice. Only counter staff get
// this page (Go decides: the step is in the application's steps only for them).
function NumberFields({ values, set, error, headingId, keptNumber, onReadCard }: FieldsProps) {
  const t = useT();
  return (
    <RadioChoice
      name="recordNumber"
      labelledBy={headingId}
      options={options(t, "number", "recordNumber", ["yes", "no"])}
      value={values.recordNumber}
      onChange={set("recordNumber")}
      error={error("recordNumber")}
    >
      {values.recordNumber === "yes" && (
        <div className="conditional">
          {keptNumber && <p className="body">{t("intake.number.kept", { Masked: keptNumber })}</p>}
          <TextInput
            name="number"
            label={t(label("number", "number"))}
            hint={t(hint("number", "number"))}
            value={values.number}
            onChange={set("number")}
            error={error("number")}
            inputMode="numeric"
            autoComplete="off"
            width="20"
          />
          <TextInput
            name="numberAgain"
            label={t(label("number", "numberAgain"))}
            hint={t(hint("number", "numberAgain"))}
            value={values.numberAgain}
            onChange={set("numberAgain")}
            error={error("numberAgain")}
            inputMode="numeric"
            autoComplete="off"
            width="20"
          />
          {onReadCard && (
            <p className="body">
              <a
                href="#read-card"
                onClick={(e) => {
                  e.preventDefault();
                  onReadCard();
                }}
              >
                {t("intake.number.fromCard.link")}
              </a>
            </p>
          )}
        </div>
      )}
    </RadioChoice>
  );
}

export const questions: Record<QuestionStep, Question> = {
  language: { fields: ["applicantLanguage"], hintId: "intake.language.hint", Fields: LanguageFields },
  name: { fields: ["name", "alias"], Fields: NameFields },
  kana: { fields: ["nameKana"], Fields: KanaFields },
  birth: {
    fields: ["birthCalendar", "birthEra", "birthYear", "birthMonth", "birthDay", "birthDate"],
    Fields: BirthFields,
    answers: (v) => ({
      birthCalendar: v.birthCalendar,
      birthEra: v.birthCalendar === "japanese" ? v.birthEra : "",
      birthYear: v.birthYear,
      birthMonth: v.birthMonth,
      birthDay: v.birthDay,
    }),
  },
  sex: { fields: ["sex"], hintId: "intake.sex.hint", Fields: SexFields },
  address: { fields: ["postalCode", "address"], Fields: AddressFields },
  nationality: { fields: ["nationality"], Fields: NationalityFields },
  residence: { fields: ["residenceStatus", "stayUntil"], Fields: ResidenceFields },
  contact: { fields: ["phone", "contactOther"], Fields: ContactFields },
  number: {
    fields: ["recordNumber", "number", "numberAgain"],
    hintId: "intake.number.hint",
    Fields: NumberFields,
    // The digits go only when the applicant said yes, and never come back from Go.
    answers: (v) => ({
      recordNumber: v.recordNumber,
      number: v.recordNumber === "yes" ? v.number : "",
      numberAgain: v.recordNumber === "yes" ? v.numberAgain : "",
    }),
  },
};

// initialValues are the saved answers of a step's fields ("" for unanswered ones), so the page shows what was saved.
export function initialValues(step: QuestionStep, answers: Answers): Answers {
  const out: Answers = {};
  for (const f of questions[step].fields) out[f] = answers[f] ?? "";
  return out;
}

// answersToSave are what one page sends to SaveStep.
export function answersToSave(step: QuestionStep, values: Answers): Answers {
  const q = questions[step];
  if (q.answers) return q.answers(values);
  const out: Answers = {};
  for (const f of q.fields) out[f] = values[f] ?? "";
  return out;
}

// stepOfField finds the step that asks field (for links from the check-answers page).
export function stepOfField(field: string): QuestionStep | undefined {
  for (const [step, q] of Object.entries(questions) as [QuestionStep, Question][]) {
    if (q.fields.includes(field)) return step;
  }
  return undefined;
}
