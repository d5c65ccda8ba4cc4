import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Case, type CaseChoices, type ConsentForm, type Org, type Problem, type Referral } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { CheckboxInput, ErrorText, RadioChoice, SelectChoice, TextAreaInput, TextInput } from "../components/fields";
import { fieldId } from "../components/focusField";
import { SuccessBanner } from "../components/Notice";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";
import { ConsentStatement } from "./ConsentStatement";
import { DateFields } from "./DateFields";
import { orgLabel } from "./labels";

const consentFields = ["givenBy", "relationship", "fields", "day", "method", "interpreterLanguage", "interpreterName"];
const emptyConsent: ConsentForm = {
  givenBy: "", relationship: "", fields: [], day: "", month: "", year: "", method: "", interpreterLanguage: "", interpreterName: "",
};

interface Props {
  c: Case;
  referral: Referral;
  orgs: Org[];
  choices: CaseChoices;
  onChanged: (r: Referral) => void;
  onLetter: () => void;
  onBack: () => void;
}

// ReferralPage is one referral: while a draft, the consent gate (who consented, to share what, with whom, when
// and how) and sending — or a supervisor's override with a reason; once sent, its answer, outcome and
// follow-up day, and the letter.
export function ReferralPage({ c, referral: r, orgs, choices, onChanged, onLetter, onBack }: Props) {
  const t = useT();
  const lang = useStaffLanguage();
  const [cf, setCf] = useState<ConsentForm>(emptyConsent);
  const [ov, setOv] = useState({ username: "", password: "", reason: "" });
  const [upd, setUpd] = useState({ status: "", outcome: r.outcome, day: "", month: "", year: "" });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const to = orgLabel(orgs, r.org, lang);

  async function run(formFields: string[], call: () => Promise<Referral>, doneMsg: string) {
    if (busy) return;
    setBusy(true);
    try {
      const next = await call();
      setProblems([]);
      setDone(doneMsg);
      onChanged(next);
    } catch (err) {
      const f = asFailure(err);
      if (endsSession(f)) return;
      setDone("");
      setFields(formFields);
      setProblems(f.problems);
    } finally {
      setBusy(false);
    }
  }

  function consent(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run(consentFields, () => desk.RecordConsent(r.id, r.version, cf), "cases.consent.recorded");
  }
  function send() {
    void run([], () => desk.SendReferral(r.id, r.version, null), "cases.referral.sent");
  }
  function override(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run(["username", "password", "overrideReason"], () => desk.SendReferral(r.id, r.version, ov), "cases.referral.sent");
  }
  function update(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const followUp = upd.day + upd.month + upd.year === "" ? "" : `${upd.year}-${upd.month.padStart(2, "0")}-${upd.day.padStart(2, "0")}`;
    void run(["status", "outcome", "followUp"], () => desk.UpdateReferral(r.id, r.version, upd.status, upd.outcome, followUp), "cases.referral.updated");
  }

  const fieldsError = error("fields");
  return (
    <div className="page">
      <BackLink onBack={onBack} label={t("cases.back.case")} />
      <ErrorSummary problems={problems} fields={fields} />
      {done && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t(done, { Org: to })}</p>
        </SuccessBanner>
      )}
      <PageHeading caption={c.person.name}>{t("cases.referral.title", { Org: to })}</PageHeading>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("cases.referral.status.label")}</dt>
          <dd className="summary-list__value">
            <span className="tag">{t(`cases.referral.status.${r.status}`)}</span>
            {r.outcome && <> {t(`cases.outcome.${r.outcome}`)}</>}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("cases.referral.reason.label")}</dt>
          <dd className="summary-list__value pre-line">{r.reason}</dd>
        </div>
        {r.consent && (
          <div className="summary-list__row">
            <dt className="summary-list__key">{t("cases.consent.heading")}</dt>
            <dd className="summary-list__value">
              {t("cases.consent.summary", {
                Who: r.consent.givenBy, Relationship: t(`cases.consent.relationship.${r.consent.relationship}`), Org: to,
                Day: isoDate(lang, r.consent.day), Method: t(`cases.consent.method.${r.consent.method}`),
              })}
              {r.consent.method === "spoken_interpreter" && (
                <> {t("cases.consent.interpreter", { Language: languageName(choices.languages, r.consent.interpreterLanguage), Name: r.consent.interpreterName })}</>
              )}
              <ul className="list list--bullet">
                {r.consent.fields.map((f) => (
                  <li key={f}>{t(`cases.field.${f}`)}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {r.override && (
          <div className="summary-list__row">
            <dt className="summary-list__key">{t("cases.override.heading")}</dt>
            <dd className="summary-list__value pre-line">{r.override.reason}</dd>
          </div>
        )}
        {r.followUp && (
          <div className="summary-list__row">
            <dt className="summary-list__key">{t("cases.referral.followUp.label")}</dt>
            <dd className="summary-list__value">{isoDate(lang, r.followUp)}</dd>
          </div>
        )}
      </dl>

      {r.status === "draft" && (
        <>
          <h2 className="heading-m" id="consent-heading">
            {t("cases.consent.heading")}
          </h2>
          <p className="body">{t("cases.consent.intro", { Org: to })}</p>
          <ConsentStatement language={c.person.language} org={orgs.find((o) => o.id === r.org)} orgId={r.org} fields={cf.fields} allFields={choices.fields} />
          <Form onSubmit={consent} validationBehavior="aria" aria-labelledby="consent-heading">
            <TextInput name="givenBy" label={t("cases.consent.givenBy.label")} value={cf.givenBy} onChange={(givenBy) => setCf((p) => ({ ...p, givenBy }))} error={error("givenBy")} width="20" />
            <RadioChoice
              name="relationship"
              label={t("cases.consent.relationship.label")}
              options={choices.relationships.map((x) => ({ value: x, label: t(`cases.consent.relationship.${x}`) }))}
              value={cf.relationship}
              onChange={(relationship) => setCf((p) => ({ ...p, relationship }))}
              error={error("relationship")}
              inline
            />
            <div className={fieldsError ? "form-group form-group--error" : "form-group"} id={fieldId("fields")}>
              <fieldset className="fieldset" aria-describedby="consent-fields-hint">
                <legend className="fieldset__legend">{t("cases.consent.fields.legend", { Org: to })}</legend>
                <p className="hint" id="consent-fields-hint">
                  {t("cases.consent.fields.hint")}
                </p>
                {fieldsError && (
                  <p className="error-message">
                    <ErrorText>{fieldsError}</ErrorText>
                  </p>
                )}
                {choices.fields.map((f) => (
                  <CheckboxInput
                    key={f}
                    name={`field-${f}`}
                    label={t(`cases.field.${f}`)}
                    isSelected={cf.fields.includes(f)}
                    onChange={(on) => setCf((p) => ({ ...p, fields: on ? [...p.fields, f] : p.fields.filter((x) => x !== f) }))}
                  />
                ))}
              </fieldset>
            </div>
            <DateFields name="day" legend={t("cases.consent.day.legend")} day={cf.day} month={cf.month} year={cf.year} onChange={(part, value) => setCf((p) => ({ ...p, [part]: value }))} error={error("day")} />
            <RadioChoice
              name="method"
              label={t("cases.consent.method.label")}
              options={choices.methods.map((m) => ({ value: m, label: t(`cases.consent.method.${m}`) }))}
              value={cf.method}
              onChange={(method) => setCf((p) => ({ ...p, method }))}
              error={error("method")}
            />
            {cf.method === "spoken_interpreter" && (
              <div className="conditional">
                <RadioChoice
                  name="interpreterLanguage"
                  label={t("cases.consent.interpreterLanguage.label")}
                  options={choices.languages.map((l) => ({ value: l.tag, label: l.name, lang: l.tag }))}
                  value={cf.interpreterLanguage}
                  onChange={(interpreterLanguage) => setCf((p) => ({ ...p, interpreterLanguage }))}
                  error={error("interpreterLanguage")}
                  inline
                />
                <TextInput name="interpreterName" label={t("cases.consent.interpreterName.label")} value={cf.interpreterName} onChange={(interpreterName) => setCf((p) => ({ ...p, interpreterName }))} error={error("interpreterName")} width="20" />
              </div>
            )}
            <Button type="submit" className="button button--secondary">
              {r.consent ? t("cases.consent.rerecord") : t("cases.consent.submit")}
            </Button>
          </Form>

          <h2 className="heading-m">{t("cases.send.heading")}</h2>
          <p className="body">{r.consent ? t("cases.send.ready", { Org: to }) : t("cases.send.needsConsent")}</p>
          <Button className="button" onPress={send}>
            {t("cases.send.submit")}
          </Button>

          {!r.consent && (
            <details className="details">
              <summary className="details__summary">{t("cases.override.heading")}</summary>
              <div className="details__text">
                <p className="body">{t("cases.override.intro")}</p>
                <Form onSubmit={override} validationBehavior="aria" aria-label={t("cases.override.heading")}>
                  <TextInput name="username" label={t("handover.supervisor.username.label")} value={ov.username} onChange={(username) => setOv((p) => ({ ...p, username }))} error={error("username")} width="20" autoComplete="off" />
                  <TextInput name="password" type="password" label={t("handover.supervisor.password.label")} value={ov.password} onChange={(password) => setOv((p) => ({ ...p, password }))} error={error("password")} width="20" autoComplete="off" />
                  <TextAreaInput name="overrideReason" label={t("cases.override.reason.label")} value={ov.reason} onChange={(reason) => setOv((p) => ({ ...p, reason }))} error={error("overrideReason")} rows={3} />
                  <Button type="submit" className="button button--warning">
                    {t("cases.override.submit")}
                  </Button>
                </Form>
              </div>
            </details>
          )}
        </>
      )}

      {r.status !== "draft" && (
        <>
          <h2 className="heading-m">{t("cases.letter.heading")}</h2>
          <Button className="button" onPress={onLetter}>
            {t("cases.letter.open")}
          </Button>
        </>
      )}

      {r.status !== "draft" && r.status !== "closed" && (
        <>
          <h2 className="heading-m" id="update-heading">
            {t("cases.update.heading")}
          </h2>
          <Form onSubmit={update} validationBehavior="aria" aria-labelledby="update-heading">
            <SelectChoice
              name="status"
              label={t("cases.update.status.label")}
              options={(["accepted", "declined", "closed"] as const).map((s) => ({ value: s, label: t(`cases.referral.status.${s}`) }))}
              value={upd.status}
              onChange={(status) => setUpd((p) => ({ ...p, status }))}
              error={error("status")}
            />
            <SelectChoice
              name="outcome"
              label={t("cases.update.outcome.label")}
              hint={t("cases.update.outcome.hint")}
              options={choices.outcomes.map((o) => ({ value: o, label: t(`cases.outcome.${o}`) }))}
              value={upd.outcome}
              onChange={(outcome) => setUpd((p) => ({ ...p, outcome }))}
              error={error("outcome")}
            />
            <DateFields name="followUp" legend={t("cases.referral.followUp.label")} hint={t("cases.update.followUp.hint")} day={upd.day} month={upd.month} year={upd.year} onChange={(part, value) => setUpd((p) => ({ ...p, [part]: value }))} error={error("followUp")} />
            <Button type="submit" className="button">
              {t("cases.update.submit")}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
