import { useEffect, useState, type ReactNode } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Application, type Language, type NumberView, type StepID } from "../api";
import { desk } from "../desk";
import { hasMessage, textDirection, translator, type Translate } from "../i18n";
import { countryName, eraDate, isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";

export interface Row {
  key: string; // the answer key (or "birthDate")
  label: string;
  value: ReactNode;
  step: StepID; // the step that asks it, for "Change"
  fixed?: boolean; // no "Change" link: this user may not change it
  labelId: string; // the label's message ID
  // The label in the applicant's language, when it is not the staff's, and the answer too when its words are the
  // app's (a choice, a country, a date) rather than what the applicant wrote.
  alt?: { lang: string; label: string; value?: string };
}

// useRows lists every answer of app in question order, formatted for the staff member.
export function useRows(app: Application, languages: Language[]): Row[] {
  const t = useT();
  const lang = useStaffLanguage();
  const a = app.answers;
  const none = <span className="summary-list__none">{t("checkAnswers.notGiven")}</span>;
  const text = (v: string | undefined) => (v ? v : none);
  const rows: Row[] = [];
  const labelled = (labelId: string) => ({ labelId, label: t(labelId) });
  for (const step of app.steps) {
    switch (step) {
      case "language":
        rows.push({
          key: "applicantLanguage", step, ...labelled("checkAnswers.applicantLanguage"),
          value: a.applicantLanguage ? <span lang={a.applicantLanguage}>{languageName(languages, a.applicantLanguage)}</span> : none,
        });
        break;
      case "name":
        rows.push({ key: "name", step, ...labelled("checkAnswers.name"), value: text(a.name) });
        rows.push({ key: "alias", step, ...labelled("checkAnswers.alias"), value: text(a.alias) });
        break;
      case "kana":
        rows.push({ key: "nameKana", step, ...labelled("checkAnswers.nameKana"), value: text(a.nameKana) });
        break;
      case "birth":
        rows.push({
          key: "birthDate", step, ...labelled("checkAnswers.birthDate"),
          value: app.birthDate ? (
            <>
              <span className="summary-list__line">{t("checkAnswers.birthDate.gregorian", { Date: isoDate(lang, app.birthDate) })}</span>
              {app.birthEra && (
                <span className="summary-list__line">{t("checkAnswers.birthDate.japanese", { Date: eraDate(t, app.birthEra) })}</span>
              )}
            </>
          ) : none,
        });
        break;
      case "sex":
        rows.push({ key: "sex", step, ...labelled("checkAnswers.sex"), value: a.sex ? t(`intake.sex.sex.option.${a.sex}`) : none });
        break;
      case "address":
        rows.push({ key: "postalCode", step, ...labelled("checkAnswers.postalCode"), value: text(a.postalCode) });
        rows.push({ key: "address", step, ...labelled("checkAnswers.address"), value: text(a.address) });
        break;
      case "nationality":
        rows.push({
          key: "nationality", step, ...labelled("checkAnswers.nationality"),
          value: a.nationality ? countryName(lang, t, a.nationality) : none,
        });
        break;
      case "residence":
        rows.push({
          key: "residenceStatus", step, ...labelled("checkAnswers.residenceStatus"),
          value: a.residenceStatus ? t(`residence.status.${a.residenceStatus}`) : none,
        });
        if (a.stayUntil) {
          rows.push({ key: "stayUntil", step, ...labelled("checkAnswers.stayUntil"), value: isoDate(lang, a.stayUntil) });
        }
        break;
      case "contact":
        rows.push({ key: "phone", step, ...labelled("checkAnswers.phone"), value: text(a.phone) });
        rows.push({ key: "contactOther", step, ...labelled("checkAnswers.contactOther"), value: text(a.contactOther) });
        break;
      case "number":
        rows.push({ key: "number", step, ...labelled("checkAnswers.number"), value: <NumberValue app={app} canReveal /> });
        break;
      case "check":
        break;
    }
  }
  // Those not asked for the number (supervisors) still see that one is recorded, masked.
  if (!app.steps.includes("number") && app.number) {
    rows.push({ key: "number", step: "number", fixed: true, ...labelled("checkAnswers.number"), value: <NumberValue app={app} canReveal={false} /> });
  }
  // Applicant and staff check the answers together: each label also in the applicant's language.
  const applicant = a.applicantLanguage;
  if (applicant && applicant !== lang && hasMessage(applicant, "meta.language.name")) {
    const ta = translator(applicant);
    for (const r of rows) r.alt = { lang: applicant, label: ta(r.labelId), value: wordsIn(app, r.key, applicant, ta) };
  }
  return rows;
}

// wordsIn is the answer under key in language l when the app, not the applicant, chose its words; undefined for
// what the applicant wrote (names, address, phone), which reads the same in every language.
function wordsIn(app: Application, key: string, l: string, t: Translate): string | undefined {
  const a = app.answers;
  switch (key) {
    case "birthDate":
      return app.birthDate ? t("checkAnswers.birthDate.gregorian", { Date: isoDate(l, app.birthDate) }) : undefined;
    case "sex":
      return a.sex ? t(`intake.sex.sex.option.${a.sex}`) : undefined;
    case "nationality":
      return a.nationality ? countryName(l, t, a.nationality) : undefined;
    case "residenceStatus":
      return a.residenceStatus ? t(`residence.status.${a.residenceStatus}`) : undefined;
    case "stayUntil":
      return a.stayUntil ? isoDate(l, a.stayUntil) : undefined;
  }
  return undefined;
}

// revealFor is how long a revealed number stays on screen.
const revealFor = 60_000;

// NumberValue shows the Individual Number masked; counter staff may show it for a minute, which Go records.
function NumberValue({ app, canReveal }: { app: Application; canReveal: boolean }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [digits, setDigits] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    if (!digits) return;
    const timer = setTimeout(() => setDigits(""), revealFor);
    return () => clearTimeout(timer);
  }, [digits]);
  const n: NumberView | null = app.number;
  if (!n) return <span className="summary-list__none">{t("checkAnswers.number.notRecorded")}</span>;
  if (!n.masked) return <>{t(`checkAnswers.number.destroyed.${n.destroyed || "retention"}`, { Date: isoDate(lang, n.destroyedAt.slice(0, 10)) })}</>;
  async function reveal() {
    try {
      setDigits(await desk.RevealNumber(app.id));
      setError("");
    } catch (err) {
      const p = asFailure(err).problems[0];
      setError(p ? t(p.id, p.args) : "");
    }
  }
  return (
    <>
      <span className="summary-list__line number" translate="no">
        {digits || n.masked}
      </span>
      {canReveal && (
        <span className="summary-list__line">
          <Button className="button button--secondary" onPress={() => (digits ? setDigits("") : void reveal())}>
            {t(digits ? "checkAnswers.number.hide" : "checkAnswers.number.reveal")}
          </Button>{" "}
          <span className="hint">{t("checkAnswers.number.revealNote")}</span>
        </span>
      )}
      {error && <span className="summary-list__line error-message" role="alert">{error}</span>}
    </>
  );
}

// SummaryList is the GOV.UK summary list; with onChange each row gets a "Change" link naming what it changes.
export function SummaryList({ rows, onChange }: { rows: Row[]; onChange?: (step: StepID) => void }) {
  const t = useT();
  return (
    <dl className="summary-list">
      {rows.map((r) => (
        <div className="summary-list__row" key={r.key}>
          <dt className="summary-list__key">
            {r.label}
            {r.alt && (
              <span className="summary-list__alt" lang={r.alt.lang} dir={textDirection(r.alt.lang)}>
                {r.alt.label}
              </span>
            )}
          </dt>
          <dd className="summary-list__value">
            {r.value}
            {r.alt?.value && (
              <span className="summary-list__alt" lang={r.alt.lang} dir={textDirection(r.alt.lang)}>
                {r.alt.value}
              </span>
            )}
          </dd>
          {onChange && !r.fixed && (
            <dd className="summary-list__actions">
              <a
                href={`#change-${r.key}`}
                onClick={(e) => {
                  e.preventDefault();
                  onChange(r.step);
                }}
              >
                {t("checkAnswers.change")}
                <span className="visually-hidden">{t("checkAnswers.change.what", { What: r.label })}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
