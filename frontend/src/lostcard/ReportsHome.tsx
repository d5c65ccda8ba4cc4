import { useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Language, type LostCardSummary, type Problem } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { dateTime, isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";

interface Props {
  problems: Problem[];
  languages: Language[];
  onStart: () => void;
  onOpen: (id: number) => void;
  onFigures: () => void;
}

// startKey starts a report from anywhere on this page where nothing is being typed.
export const startKey = "n";

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

// ReportsHome is the call-centre agent's home: start a report with one key (N), the time recorded by Go at once;
// and the reports still to follow up, oldest first.
export function ReportsHome({ problems, languages, onStart, onOpen, onFigures }: Props) {
  const t = useT();
  const lang = useStaffLanguage();
  const [list, setList] = useState<LostCardSummary[] | null>(null);
  const [listProblems, setListProblems] = useState<Problem[]>([]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key.toLowerCase() !== startKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.repeat) return;
      if (typingIn(e.target)) return;
      e.preventDefault();
      onStart();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onStart]);

  useEffect(() => {
    let live = true;
    desk.LostCardFollowUps().then(
      (l) => live && setList(l),
      (err) => {
        const failure = asFailure(err);
        if (live && !endsSession(failure)) setListProblems(failure.problems);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="page page--home">
      <ErrorSummary problems={[...problems, ...listProblems]} />
      <PageHeading>{t("lostcard.home.title")}</PageHeading>
      <p className="body">{t("lostcard.home.intro")}</p>
      {/* A native button: react-aria's Button drops aria-keyshortcuts, which tells screen readers about N. */}
      <button type="button" className="button button--start" onClick={onStart} aria-keyshortcuts="N" aria-describedby="lostcard-start-key">
        {t("lostcard.home.start")} <kbd className="kbd">N</kbd>
      </button>
      <p className="hint" id="lostcard-start-key">
        {t("lostcard.home.shortcut")}
      </p>

      <h2 className="heading-m">{t("lostcard.followUps.title")}</h2>
      {list === null ? (
        <p className="body">{t("common.loading")}</p>
      ) : list.length === 0 ? (
        <p className="body">{t("lostcard.followUps.empty")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("lostcard.followUps.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("lostcard.followUps.column.id")}</th>
              <th scope="col">{t("lostcard.followUps.column.started")}</th>
              <th scope="col">{t("lostcard.followUps.column.name")}</th>
              <th scope="col">{t("lostcard.followUps.column.language")}</th>
              <th scope="col">{t("lostcard.followUps.column.status")}</th>
              <th scope="col">{t("lostcard.followUps.column.express")}</th>
              <th scope="col">{t("lostcard.followUps.column.next")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td>
                  <Button className="button button--secondary button--small" onPress={() => onOpen(r.id)}>
                    {t("lostcard.followUps.open", { Id: r.id })}
                  </Button>
                </td>
                <td>{dateTime(lang, r.startedAt)}</td>
                <td>{r.name || t("lostcard.followUps.noName")}</td>
                <td>{r.callerLanguage ? languageName(languages, r.callerLanguage) : t("lostcard.figures.language.none")}</td>
                <td>
                  <span className="tag">{t(`lostcard.status.${r.status}`)}</span>
                </td>
                <td>{r.expressUntil ? isoDate(lang, r.expressUntil) : ""}</td>
                <td>{t(`lostcard.followUps.next.${r.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="body">
        <Button className="button button--secondary" onPress={onFigures}>
          {t("lostcard.home.figures")}
        </Button>
      </p>
    </div>
  );
}
