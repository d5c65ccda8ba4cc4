import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import {
  asFailure, type Answers, type Language, type LostCardReport, type LostCardRules, type LostCardStatus, type Problem,
} from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { CheckboxInput, RadioChoice, TextInput } from "../components/fields";
import { SuccessBanner, WarningText } from "../components/Notice";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { dateTime, isoDate } from "../format";
import { forgetUnsaved, offerUnsaved, unsavedFor } from "../intake/unsaved";
import { useStaffLanguage, useT } from "../language";
import { AgentScripts } from "./AgentScripts";
import { GuidancePanel } from "./GuidancePanel";

interface Props {
  report: LostCardReport;
  rules: LostCardRules | null;
  languages: Language[];
  onBack: () => void;
}

// The form's fields in the order they are asked, so the error summary links in that order.
const fields = [
  "callerLanguage", "name", "address", "birthDate", "sex", "lostItem", "phoneSystem", "kind", "place", "lostOn",
  "lostWhere", "policeReceipt", "policeStation", "explanationForm", "disasterCertificate", "suspendedAt",
  "suspensionReference", "consequenceExplained",
];

function initial(r: LostCardReport): Answers {
  return { ...r.answers, callerLanguage: r.callerLanguage };
}

// Done is what the last action did, for the success banner.
type Done = { kind: "saved" } | { kind: "moved"; status: LostCardStatus } | null;

// ReportPage takes one call: who the holder is (the four basic items, never the Individual Number), what was lost,
// when and where, the document the loss needs, and the suspension; then it shows the caller's guidance.
// Built for the keyboard: one field after another with Tab, radios with the arrow keys, Enter in a text field
// saves, and "Record the suspension" moves the report on. Go checks everything; nothing typed is lost on an error.
export function ReportPage({ report: first, rules, languages, onBack }: Props) {
  const t = useT();
  const lang = useStaffLanguage();
  const [report, setReport] = useState(first);
  // What was typed and not yet saved when the desk locked comes back after the unlock.
  const [answers, setAnswers] = useState<Answers>(() => unsavedFor(first.id, "lostcard") ?? initial(first));
  const latest = useRef(answers);
  latest.current = answers;
  useEffect(() => {
    forgetUnsaved();
    return offerUnsaved(() => ({ applicationId: first.id, step: "lostcard", values: latest.current }));
  }, [first.id]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState<Done>(null);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const set = (field: string) => (value: string) => setAnswers((a) => ({ ...a, [field]: value }));
  const finished = report.next.length === 0;

  async function run(action: () => Promise<LostCardReport>, after: Done) {
    if (busy) return;
    setBusy(true);
    try {
      const r = await action();
      setReport(r);
      setAnswers(initial(r));
      setProblems([]);
      setDone(after);
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) {
        setDone(null);
        setProblems(failure.problems);
      }
    } finally {
      setBusy(false);
    }
  }

  const save = (e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault();
    void run(() => desk.SaveLostCardReport(report.id, answers), { kind: "saved" });
  };
  const move = (to: LostCardStatus) => void run(() => desk.MoveLostCardReport(report.id, to, answers), { kind: "moved", status: to });

  const opts = (ids: string[] | undefined, prefix: string) => (ids ?? []).map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const phone = answers.lostItem === "smartphone" || answers.lostItem === "both";
  // The document the loss needs: Go's table (rules.evidence) for what is chosen now, else what Go last said.
  const evidence = (answers.kind && answers.place && rules?.evidence[answers.kind]?.[answers.place]) || report.evidence;
  const evidenceHint = evidence === "police" ? `lostcard.evidence.police.${answers.kind === "stolen" ? "stolen" : "lost"}`
    : evidence ? `lostcard.evidence.${evidence}` : "lostcard.evidence.unknown";

  return (
    <div className="page page--report">
      <BackLink onBack={onBack} label={t("lostcard.action.back")} />
      <ErrorSummary problems={problems} fields={fields} />
      {done && (
        // A new banner (announced, focused) after every save or move: keyed by the version it reports.
        <SuccessBanner
          key={report.version}
          title={
            done.kind === "saved"
              ? t("lostcard.report.saved")
              : t("lostcard.report.moved", { Status: t(`lostcard.status.${done.status}`) })
          }
        >
          {done.kind === "moved" && done.status === "suspended" && (
            <p className="body">{t("lostcard.guidance.suspended", { Time: report.answers.suspendedAt ?? "", Reference: report.answers.suspensionReference ?? "" })}</p>
          )}
        </SuccessBanner>
      )}
      <PageHeading caption={t("lostcard.report.started", { Time: dateTime(lang, report.startedAt) })}>
        {t("lostcard.report.title", { Id: report.id })}
      </PageHeading>
      <p className="body">
        <span className="tag">{t(`lostcard.status.${report.status}`)}</span>{" "}
        {report.expressUntil && (
          <span>
            {t("lostcard.followUps.column.express")}: {isoDate(lang, report.expressUntil)}
          </span>
        )}
      </p>
      {report.samePerson.length > 0 && (
        <WarningText>{t("lostcard.report.samePerson", { Ids: report.samePerson.map((s) => s.id).join(", ") })}</WarningText>
      )}

      <AgentScripts callerLanguage={answers.callerLanguage ?? ""} languages={languages} />

      <Form onSubmit={save} validationBehavior="aria" className="report-form">
        <fieldset className="fieldset" disabled={finished}>
          <legend className="fieldset__legend heading-m">{t("lostcard.section.caller")}</legend>
          <RadioChoice
            name="callerLanguage"
            label={t("lostcard.field.callerLanguage.label")}
            options={languages.map((l) => ({ value: l.tag, label: l.name, lang: l.tag }))}
            value={answers.callerLanguage ?? ""}
            onChange={set("callerLanguage")}
            error={error("callerLanguage")}
            inline
          />
        </fieldset>

        <fieldset className="fieldset" disabled={finished}>
          <legend className="fieldset__legend heading-m">{t("lostcard.section.identity")}</legend>
          <p className="hint">{t("lostcard.section.identity.hint")}</p>
          <TextInput name="name" label={t("lostcard.field.name.label")} value={answers.name ?? ""} onChange={set("name")} error={error("name")} width="20" />
          <TextInput name="address" label={t("lostcard.field.address.label")} value={answers.address ?? ""} onChange={set("address")} error={error("address")} />
          <TextInput
            name="birthDate"
            label={t("lostcard.field.birthDate.label")}
            hint={t("lostcard.field.birthDate.hint")}
            value={answers.birthDate ?? ""}
            onChange={set("birthDate")}
            error={error("birthDate")}
            width="10"
          />
          <RadioChoice name="sex" label={t("lostcard.field.sex.label")} options={opts(rules?.sexes, "people.sex")} value={answers.sex ?? ""} onChange={set("sex")} error={error("sex")} inline />
        </fieldset>

        <fieldset className="fieldset" disabled={finished}>
          <legend className="fieldset__legend heading-m">{t("lostcard.section.loss")}</legend>
          <RadioChoice
            name="lostItem"
            label={t("lostcard.field.lostItem.label")}
            options={opts(rules?.lostItems, "lostcard.lostItem")}
            value={answers.lostItem ?? ""}
            onChange={set("lostItem")}
            error={error("lostItem")}
          />
          {phone && (
            <RadioChoice
              name="phoneSystem"
              label={t("lostcard.field.phoneSystem.label")}
              options={opts(rules?.phoneSystems, "lostcard.phoneSystem")}
              value={answers.phoneSystem ?? ""}
              onChange={set("phoneSystem")}
              error={error("phoneSystem")}
              inline
            />
          )}
          <RadioChoice name="kind" label={t("lostcard.field.kind.label")} options={opts(rules?.kinds, "lostcard.kind")} value={answers.kind ?? ""} onChange={set("kind")} error={error("kind")} inline />
          <RadioChoice name="place" label={t("lostcard.field.place.label")} options={opts(rules?.places, "lostcard.place")} value={answers.place ?? ""} onChange={set("place")} error={error("place")} inline />
          <TextInput
            name="lostOn"
            label={t("lostcard.field.lostOn.label")}
            hint={t("lostcard.field.lostOn.hint")}
            value={answers.lostOn ?? ""}
            onChange={set("lostOn")}
            error={error("lostOn")}
            width="10"
          />
          <TextInput name="lostWhere" label={t("lostcard.field.lostWhere.label")} value={answers.lostWhere ?? ""} onChange={set("lostWhere")} error={error("lostWhere")} />
        </fieldset>

        <fieldset className="fieldset" disabled={finished}>
          <legend className="fieldset__legend heading-m">{t("lostcard.section.evidence")}</legend>
          <p className="hint">{t(evidenceHint)}</p>
          {(evidence === "police" || evidence === "") && (
            <>
              <TextInput name="policeReceipt" label={t("lostcard.field.policeReceipt.label")} value={answers.policeReceipt ?? ""} onChange={set("policeReceipt")} error={error("policeReceipt")} width="20" />
              <TextInput name="policeStation" label={t("lostcard.field.policeStation.label")} value={answers.policeStation ?? ""} onChange={set("policeStation")} error={error("policeStation")} width="20" />
            </>
          )}
          {evidence === "explanation" && (
            <CheckboxInput
              name="explanationForm"
              label={t("lostcard.field.explanationForm.label")}
              isSelected={answers.explanationForm === "yes"}
              onChange={(v) => set("explanationForm")(v ? "yes" : "")}
              error={error("explanationForm")}
            />
          )}
          {evidence === "disaster" && (
            <CheckboxInput
              name="disasterCertificate"
              label={t("lostcard.field.disasterCertificate.label")}
              isSelected={answers.disasterCertificate === "yes"}
              onChange={(v) => set("disasterCertificate")(v ? "yes" : "")}
              error={error("disasterCertificate")}
            />
          )}
        </fieldset>

        <fieldset className="fieldset" disabled={finished}>
          <legend className="fieldset__legend heading-m">{t("lostcard.section.suspension")}</legend>
          <TextInput
            name="suspendedAt"
            label={t("lostcard.field.suspendedAt.label")}
            hint={t("lostcard.field.suspendedAt.hint")}
            value={answers.suspendedAt ?? ""}
            onChange={set("suspendedAt")}
            error={error("suspendedAt")}
            width="4"
          />
          <TextInput
            name="suspensionReference"
            label={t("lostcard.field.suspensionReference.label")}
            value={answers.suspensionReference ?? ""}
            onChange={set("suspensionReference")}
            error={error("suspensionReference")}
            width="10"
          />
          <CheckboxInput
            name="consequenceExplained"
            label={t("lostcard.field.consequenceExplained.label")}
            isSelected={answers.consequenceExplained === "yes"}
            onChange={(v) => set("consequenceExplained")(v ? "yes" : "")}
            error={error("consequenceExplained")}
          />
        </fieldset>

        {!finished && (
          <div className="button-group">
            {report.next.map((to, i) => (
              <Button
                key={to}
                className={i === 0 ? "button" : "button button--secondary"}
                onPress={() => move(to)}
                isDisabled={busy}
              >
                {t(`lostcard.action.move.${to}`)}
              </Button>
            ))}
            <Button type="submit" className="button button--secondary" isDisabled={busy}>
              {t("lostcard.action.save")}
            </Button>
          </div>
        )}
      </Form>

      <GuidancePanel reportId={report.id} version={report.version} languages={languages} />
    </div>
  );
}
