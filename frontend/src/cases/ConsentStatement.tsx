import type { Org } from "../api";
import { MarkedText, ReadOutPanel } from "../components/ApplicantPanel";
import { orgName } from "../format";

interface Props {
  language: string; // the person's language
  org: Org | undefined; // the organisation the referral is to
  orgId: string; // its directory ID, shown if the directory no longer has it
  fields: string[]; // the fields ticked on the consent form so far
  allFields: string[]; // every field that can be shared
}

// ConsentStatement is what the staff member reads to the person before asking for consent, in the person's
// language (the staff language beside it): what would be shared, with whom, why, that they may refuse without
// any effect on the help they get, that they can withdraw later, and that the Individual Number is never shared.
// Until fields are ticked on the form it lists every field that can be shared, for the person to choose from.
export function ConsentStatement({ language, org, orgId, fields, allFields }: Props) {
  const shown = fields.length ? allFields.filter((f) => fields.includes(f)) : allFields;
  return (
    <ReadOutPanel
      language={language}
      titleId="cases.consent.statement.title"
      machineNoteId="cases.consent.statement.machine"
      always
      staffCopy
      testId="consent-statement"
    >
      {(lang) => {
        const Org = org ? orgName(org, lang) : orgId;
        const line = (id: string) => (
          <p className="applicant-panel__statement">
            <MarkedText lang={lang} id={id} args={{ Org }} />
          </p>
        );
        return (
          <>
            {line("cases.consent.statement.share")}
            {line(fields.length ? "cases.consent.statement.fields.chosen" : "cases.consent.statement.fields.choose")}
            <ul className="list list--bullet">
              {shown.map((f) => (
                <li key={f}>
                  <MarkedText lang={lang} id={`cases.field.${f}`} />
                </li>
              ))}
            </ul>
            {line("cases.consent.statement.purpose")}
            {line("cases.consent.statement.refuse")}
            {line("cases.consent.statement.withdraw")}
            {line("cases.consent.statement.number")}
          </>
        );
      }}
    </ReadOutPanel>
  );
}
