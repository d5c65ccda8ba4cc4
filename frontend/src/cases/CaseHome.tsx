import { useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type CaseSummary, type Dashboard, type Problem } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { dateTime, isoDate } from "../format";
import { useStaffLanguage, useT } from "../language";
import { DueChart } from "./DueChart";
import { daysText } from "./labels";

// CaseHome is the caseworker's home: what is overdue or due soon across their cases (most urgent first, with
// counts and a chart), then every case, and a button to open a new one.
export function CaseHome({ onOpen, onNew }: { onOpen: (id: number) => void; onNew: () => void }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [dash, setDash] = useState<Dashboard | null>(null);
  const [list, setList] = useState<CaseSummary[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    let live = true;
    Promise.all([desk.DueDashboard(), desk.ListCases()]).then(
      ([d, l]) => {
        if (!live) return;
        setDash(d);
        setList(l);
      },
      (err) => {
        const f = asFailure(err);
        if (live && !endsSession(f)) setProblems(f.problems);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="page page--cases">
      <ErrorSummary problems={problems} />
      <PageHeading>{t("cases.home.title")}</PageHeading>
      <Button className="button" onPress={onNew}>
        {t("cases.new.button")}
      </Button>

      <h2 className="heading-m">{t("cases.due.heading")}</h2>
      {dash && (
        <>
          <p className="body" role="status">
            {t("cases.due.counts", { Overdue: dash.overdue, DueSoon: dash.dueSoon })}
          </p>
          {dash.items.length === 0 ? (
            <p className="body">{t("cases.due.none")}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t("cases.due.heading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cases.due.col.when")}</th>
                  <th scope="col">{t("cases.due.col.what")}</th>
                  <th scope="col">{t("cases.due.col.case")}</th>
                </tr>
              </thead>
              <tbody>
                {dash.items.map((it, i) => (
                  <tr key={`${it.caseId}-${it.kind}-${it.message}-${it.referralId ?? 0}-${i}`}>
                    <td>
                      <span className={it.status === "overdue" ? "tag tag--overdue" : "tag tag--due"}>{daysText(t, it.daysLeft)}</span>{" "}
                      {isoDate(lang, it.date)}
                    </td>
                    <td>{t(it.message)}</td>
                    <td>
                      <a
                        href={`#case-${it.caseId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          onOpen(it.caseId);
                        }}
                      >
                        {it.caseName}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <DueChart buckets={dash.buckets} />
        </>
      )}

      <h2 className="heading-m">{t("cases.list.heading")}</h2>
      {list && list.length === 0 && <p className="body">{t("cases.list.none")}</p>}
      {list && list.length > 0 && (
        <ul className="list case-list">
          {list.map((c) => (
            <li key={c.id}>
              <a
                href={`#case-${c.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(c.id);
                }}
              >
                {c.name}
              </a>{" "}
              <span className="hint">{t("cases.list.updated", { When: dateTime(lang, c.updatedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
