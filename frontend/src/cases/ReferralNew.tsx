import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Case, type Org, type Problem, type Referral } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { RadioChoice, TextAreaInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { orgName } from "../format";
import { useStaffLanguage, useT } from "../language";

// ReferralNew opens a draft referral: to which organisation of the directory (the ones the rules suggest
// first), and why. Nothing goes out until consent is recorded.
export function ReferralNew({ c, orgs, org, onDone, onBack }: { c: Case; orgs: Org[]; org: string; onDone: (r: Referral) => void; onBack: () => void }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [v, setV] = useState({ org, reason: "" });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const suggested = new Set(c.evaluation?.referrals.map((r) => r.org) ?? []);
  const offered = orgs.filter((o) => o.active).sort((a, b) => Number(suggested.has(b.id)) - Number(suggested.has(a.id)));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onDone(await desk.CreateReferral(c.id, v));
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
      <ErrorSummary problems={problems} fields={["org", "reason"]} />
      <PageHeading caption={c.person.name}>{t("cases.refer.title")}</PageHeading>
      <Form onSubmit={submit} validationBehavior="aria" aria-label={t("cases.refer.title")}>
        <RadioChoice
          name="org"
          label={t("cases.referral.org.label")}
          options={offered.map((o) => ({
            value: o.id,
            label: orgName(o, lang) + (suggested.has(o.id) ? ` ${t("cases.refer.suggested")}` : ""),
          }))}
          value={v.org}
          onChange={(org) => setV((p) => ({ ...p, org }))}
          error={error("org")}
        />
        <TextAreaInput name="reason" label={t("cases.referral.reason.label")} hint={t("cases.referral.reason.hint")} value={v.reason} onChange={(reason) => setV((p) => ({ ...p, reason }))} error={error("reason")} rows={4} />
        <Button type="submit" className="button">
          {t("cases.refer.submit")}
        </Button>
      </Form>
    </div>
  );
}
