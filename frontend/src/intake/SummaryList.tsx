import type { ReactNode } from "react";
import type { Application, Language, StepID } from "../api";
import { countryName, eraDate, isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";

export interface Row {
  key: string; // the answer key (or "birthDate")
  label: string;
  value: ReactNode;
  step: StepID; // the step that asks it, for "Change"
}

// useRows lists every answer of app in question order, formatted for the staff member.
export function useRows(app: Application, languages: Language[]): Row[] {
  const t = useT();
  const lang = useStaffLanguage();
  const a = app.answers;
  const none = <span className="summary-list__none">{t("checkAnswers.notGiven")}</span>;
  const text = (v: string | undefined) => (v ? v : none);
  const rows: Row[] = [];
  for (const step of app.steps) {
    switch (step) {
      case "language":
        rows.push({
          key: "applicantLanguage", step, label: t("checkAnswers.applicantLanguage"),
          value: a.applicantLanguage ? <span lang={a.applicantLanguage}>{languageName(languages, a.applicantLanguage)}</span> : none,
        });
        break;
      case "name":
        rows.push({ key: "name", step, label: t("checkAnswers.name"), value: text(a.name) });
        rows.push({ key: "alias", step, label: t("checkAnswers.alias"), value: text(a.alias) });
        break;
      case "kana":
        rows.push({ key: "nameKana", step, label: t("checkAnswers.nameKana"), value: text(a.nameKana) });
        break;
      case "birth":
        rows.push({
          key: "birthDate", step, label: t("checkAnswers.birthDate"),
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
        rows.push({ key: "sex", step, label: t("checkAnswers.sex"), value: a.sex ? t(`intake.sex.sex.option.${a.sex}`) : none });
        break;
      case "address":
        rows.push({ key: "postalCode", step, label: t("checkAnswers.postalCode"), value: text(a.postalCode) });
        rows.push({ key: "address", step, label: t("checkAnswers.address"), value: text(a.address) });
        break;
      case "nationality":
        rows.push({
          key: "nationality", step, label: t("checkAnswers.nationality"),
          value: a.nationality ? countryName(lang, t, a.nationality) : none,
        });
        break;
      case "residence":
        rows.push({
          key: "residenceStatus", step, label: t("checkAnswers.residenceStatus"),
          value: a.residenceStatus ? t(`residence.status.${a.residenceStatus}`) : none,
        });
        if (a.stayUntil) {
          rows.push({ key: "stayUntil", step, label: t("checkAnswers.stayUntil"), value: isoDate(lang, a.stayUntil) });
        }
        break;
      case "contact":
        rows.push({ key: "phone", step, label: t("checkAnswers.phone"), value: text(a.phone) });
        rows.push({ key: "contactOther", step, label: t("checkAnswers.contactOther"), value: text(a.contactOther) });
        break;
      case "check":
        break;
    }
  }
  return rows;
}

// SummaryList is the GOV.UK summary list; with onChange each row gets a "Change" link naming what it changes.
export function SummaryList({ rows, onChange }: { rows: Row[]; onChange?: (step: StepID) => void }) {
  const t = useT();
  return (
    <dl className="summary-list">
      {rows.map((r) => (
        <div className="summary-list__row" key={r.key}>
          <dt className="summary-list__key">{r.label}</dt>
          <dd className="summary-list__value">{r.value}</dd>
          {onChange && (
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
