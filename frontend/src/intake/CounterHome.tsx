import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type ApplicationSearch, type Problem } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { CardCheck } from "../handover/CardCheck";
import { dateTime, isoDate } from "../format";
import { useStaffLanguage, useT } from "../language";

interface Props {
  problems: Problem[]; // from starting or opening an application
  openDraftId: number; // an unfinished application of this user (after a restart), 0 if none
  onStart: () => void;
  onOpen: (id: number) => void;
  onFigures?: () => void; // supervisors: the call centre's lost-card figures
}

// CounterHome is where each applicant starts: a new application, or a search for an existing one; and where any
// card can be checked for its PIN tries without a PIN.
// No applicant's name is shown until the staff member searches, so the next person at the counter sees none.
export function CounterHome({ problems, openDraftId, onStart, onOpen, onFigures }: Props) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ApplicationSearch | null>(null);
  const [searchProblems, setSearchProblems] = useState<Problem[]>([]);
  const [searching, setSearching] = useState(false);
  const error = useFieldErrors(searchProblems);

  async function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (searching) return;
    setSearching(true);
    try {
      setResults(await desk.SearchApplications(query));
      setSearchProblems([]);
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) setSearchProblems(failure.problems.map((p) => (p.field ? p : { ...p, field: "query" })));
    } finally {
      setSearching(false);
    }
  }

  const all = [...problems, ...searchProblems];
  return (
    <div className="page page--home">
      <ErrorSummary problems={all} fields={["query"]} />
      <PageHeading>{t("counter.title")}</PageHeading>
      {openDraftId > 0 && (
        <div className="inset">
          <p className="body">{t("counter.resume.text", { Number: openDraftId })}</p>
          <Button className="button button--secondary" onPress={() => onOpen(openDraftId)}>
            {t("counter.resume.button", { Number: openDraftId })}
          </Button>
        </div>
      )}
      <Button className="button button--start" onPress={onStart}>
        {t("counter.start")}
        <svg className="button__start-icon" aria-hidden="true" focusable="false" width="17.5" height="19" viewBox="0 0 33 40">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      </Button>

      <h2 className="heading-m">{t("counter.search.heading")}</h2>
      <Form onSubmit={search} validationBehavior="aria" className="search-form" role="search">
        <TextInput
          name="query"
          type="search"
          label={t("counter.search.label")}
          hint={t("counter.search.hint")}
          value={query}
          onChange={setQuery}
          error={error("query")}
          width="20"
        />
        <Button type="submit" className="button button--secondary">
          {t("counter.search.button")}
        </Button>
      </Form>
      <div aria-live="polite">{results && <CaseList found={results} onOpen={onOpen} />}</div>

      <CardCheck />

      {onFigures && (
        <p className="body">
          <Button className="button button--secondary" onPress={onFigures}>
            {t("lostcard.figures.title")}
          </Button>
        </p>
      )}
    </div>
  );
}

// CaseList shows what a search found, newest first; when more match than are shown, it says so, so that staff type
// more rather than look for someone who is not on the list.
function CaseList({ found, onOpen }: { found: ApplicationSearch; onOpen: (id: number) => void }) {
  const t = useT();
  const lang = useStaffLanguage();
  const results = found.applications;
  if (!results.length) {
    return (
      <p className="body">
        {t("counter.results.none")}
      </p>
    );
  }
  return (
    <>
      {found.more && <p className="body">{t("counter.results.more", { Count: results.length })}</p>}
      <table className="table">
        <caption className="table__caption">
          {t("counter.results.caption", { Count: results.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("counter.results.caseNumber")}</th>
            <th scope="col">{t("counter.results.name")}</th>
            <th scope="col">{t("counter.results.nameKana")}</th>
            <th scope="col">{t("counter.results.birthDate")}</th>
            <th scope="col">{t("counter.results.status")}</th>
            <th scope="col">{t("counter.results.updatedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>
                <a
                  href={`#application-${r.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpen(r.id);
                  }}
                >
                  {r.name || t("counter.results.noName", { Number: r.id })}
                </a>
              </td>
              <td>{r.nameKana}</td>
              <td>{r.birthDate ? isoDate(lang, r.birthDate) : ""}</td>
              <td>
                <span className={`tag tag--${r.status}`}>{t(`application.status.${r.status}`)}</span>
              </td>
              <td>{dateTime(lang, r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
