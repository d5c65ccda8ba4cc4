import { useEffect, useState } from "react";
import { asFailure, type Language, type LostCardFigures, type Problem } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";
import { BarChart } from "./BarChart";

// figureDays is the period the charts cover: two weeks, today included.
const figureDays = 14;

// FiguresPage shows the reports per day, by caller's language and by status now, as charts with tables.
// The counts come from Go and hold no personal data.
export function FiguresPage({ languages, onBack, backLabel }: { languages: Language[]; onBack: () => void; backLabel?: string }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [f, setF] = useState<LostCardFigures | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    let live = true;
    desk.LostCardFigures(figureDays).then(
      (x) => live && setF(x),
      (err) => {
        const failure = asFailure(err);
        if (live && !endsSession(failure)) setProblems(failure.problems);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const day = (iso: string) => iso.slice(5).replace("-", "/");
  return (
    <div className="page page--figures">
      <BackLink onBack={onBack} label={backLabel ?? t("lostcard.action.back")} />
      <ErrorSummary problems={problems} />
      <PageHeading>{t("lostcard.figures.title")}</PageHeading>
      {f === null ? (
        <p className="body">{t("common.loading")}</p>
      ) : (
        <>
          <p className="body">{t("lostcard.figures.period", { From: isoDate(lang, f.from), To: isoDate(lang, f.to), Total: f.total })}</p>
          <BarChart
            title={t("lostcard.figures.perDay")}
            keyHeader={t("lostcard.figures.column.day")}
            bars={f.perDay.map((c) => ({ label: day(c.key), value: c.count }))}
          />
          <BarChart
            title={t("lostcard.figures.byLanguage")}
            keyHeader={t("lostcard.figures.column.language")}
            bars={f.byLanguage.map((c) => ({
              label: c.key ? languageName(languages, c.key) : t("lostcard.figures.language.none"),
              value: c.count,
            }))}
          />
          <BarChart
            title={t("lostcard.figures.byOutcome")}
            keyHeader={t("lostcard.figures.column.status")}
            bars={f.byOutcome.map((c) => ({ label: t(`lostcard.status.${c.key}`), value: c.count }))}
          />
        </>
      )}
    </div>
  );
}
