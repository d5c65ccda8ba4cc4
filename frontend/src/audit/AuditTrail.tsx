import { useEffect, useState } from "react";
import { asFailure, inDesktopWindow, type AuditChoices, type AuditPage, type AuditReport, type AuditSearch, type Problem } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { useT } from "../language";
import { AuditExportPanel } from "./AuditExportPanel";
import { AuditFilters, filterFields, noFilter } from "./AuditFilters";
import { AuditTable, Pager } from "./AuditTable";
import { ChainStatus } from "./ChainStatus";

// AuditTrail is the supervisor's page over the audit trail: the chain's integrity, filters, the matching entries
// newest first a page at a time, and an export of them as CSV.
export function AuditTrail() {
  const t = useT();
  const [choices, setChoices] = useState<AuditChoices | null>(null);
  const [report, setReport] = useState<AuditReport | null>(null);
  const [form, setForm] = useState<AuditSearch>(noFilter);
  const [applied, setApplied] = useState<AuditSearch>(noFilter); // the filters of the entries on screen
  const [results, setResults] = useState<AuditPage | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const error = useFieldErrors(problems);

  function show(err: unknown) {
    const failure = asFailure(err);
    if (!endsSession(failure)) setProblems(failure.problems);
  }

  async function search(s: AuditSearch, page: number) {
    try {
      const found = await desk.SearchAudit(s, page);
      setApplied(s);
      setResults(found);
      setProblems([]);
    } catch (err) {
      show(err);
    }
  }

  useEffect(() => {
    desk.AuditChoices().then(setChoices, show);
    desk.VerifyAudit().then(setReport, show);
    void search(noFilter, 1);
  }, []);

  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;

  return (
    <div className="page page--audit">
      <ErrorSummary problems={problems} fields={filterFields} />
      <PageHeading>{t("audit.title")}</PageHeading>
      <p className="body">{t("audit.intro")}</p>
      <ChainStatus report={report} />
      {choices && (
        <AuditFilters
          choices={choices}
          value={form}
          onChange={setForm}
          onApply={() => void search(form, 1)}
          onClear={() => {
            setForm(noFilter);
            void search(noFilter, 1);
          }}
          error={error}
        />
      )}
      {results && (
        <section aria-labelledby="audit-results-heading">
          <h2 className="heading-m" id="audit-results-heading">
            {t("audit.results.heading")}
          </h2>
          <p className="body audit-results__count" role="status">
            {t("audit.results.count", { Count: results.total })}
          </p>
          {results.entries.length > 0 ? (
            <AuditTable entries={results.entries} staff={choices?.staff ?? []} />
          ) : (
            <p className="body">{t("audit.results.none")}</p>
          )}
          <Pager page={results.page} pages={pages} onPage={(p) => void search(applied, p)} />
        </section>
      )}
      {choices && <AuditExportPanel search={applied} canSaveCopy={choices.canSaveCopy && inDesktopWindow()} onProblems={setProblems} />}
    </div>
  );
}
