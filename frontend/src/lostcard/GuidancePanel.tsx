import { useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Language, type LostCardGuidance, type Problem } from "../api";
import { ErrorSummary } from "../components/ErrorSummary";
import { desk, endsSession } from "../desk";
import { languageName } from "../format";
import { textDirection } from "../i18n";
import { useStaffLanguage, useT } from "../language";
import { plainText, RubyText } from "../ruby";

interface Props {
  reportId: number;
  version: number; // fetched again whenever the report changes
  languages: Language[];
}

// GuidancePanel is what the caller is told to do next, rendered by Go in the caller's language, with the agent's
// language beside it. It can be printed (both languages, each marked with its own lang, the caller's first: the
// printout goes to the caller, and whoever helps them may read the other) and copied as plain text for a text
// message (the caller's language only); both are recorded in the audit trail.
export function GuidancePanel({ reportId, version, languages }: Props) {
  const t = useT();
  const staff = useStaffLanguage();
  const [g, setG] = useState<LostCardGuidance | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");

  useEffect(() => {
    let live = true;
    desk.GetLostCardGuidance(reportId).then(
      (x) => live && setG(x),
      (err) => {
        const failure = asFailure(err);
        if (live && !endsSession(failure)) setProblems(failure.problems);
      },
    );
    return () => {
      live = false;
    };
  }, [reportId, version]);

  // record asks Go to record a print or a copy before it happens: no audit record, no printout or copy
  // (docs/data-protection.md). It reports whether the guidance may leave the screen.
  async function record(how: "print" | "copy"): Promise<boolean> {
    try {
      await desk.RecordLostCardGuidance(reportId, how);
      setProblems([]);
      return true;
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) setProblems(failure.problems);
      return false;
    }
  }

  async function copy() {
    if (!g || !(await record("copy"))) return;
    try {
      await navigator.clipboard.writeText(plainText(g.caller.join("\n")));
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  }

  async function print() {
    if (await record("print")) window.print();
  }

  const both = g && g.language !== staff;
  return (
    <section className="guidance" aria-labelledby="lostcard-guidance">
      <h2 className="heading-m" id="lostcard-guidance">
        {t("lostcard.guidance.title")}
      </h2>
      <ErrorSummary problems={problems} />
      {g && (
        <>
          <div className={both ? "guidance__columns print-area" : "print-area"} data-testid="guidance-print">
            <div className="guidance__caller" lang={g.language} dir={textDirection(g.language)}>
              {both && <h3 className="heading-s">{languageName(languages, g.language)}</h3>}
              <GuidanceText lines={g.caller} />
            </div>
            {both && (
              <div className="guidance__staff" lang={staff} dir={textDirection(staff)}>
                <h3 className="heading-s">{languageName(languages, staff)}</h3>
                <GuidanceText lines={g.staff} />
              </div>
            )}
          </div>
          <div className="button-group">
            <Button className="button button--secondary" onPress={() => void print()}>
              {t("lostcard.guidance.print")}
            </Button>
            <Button className="button button--secondary" onPress={() => void copy()}>
              {t("lostcard.guidance.copy")}
            </Button>
          </div>
          <p className="body" role="status">
            {copied === "ok" ? t("lostcard.guidance.copied") : copied === "failed" ? t("lostcard.guidance.copyFailed") : ""}
          </p>
        </>
      )}
    </section>
  );
}

// GuidanceText draws the lines: the first is the heading, lines starting with "-" or "・" form a list.
function GuidanceText({ lines }: { lines: string[] }) {
  const [title, ...rest] = lines;
  const blocks: (string | string[])[] = [];
  for (const line of rest) {
    const item = /^[-・]\s*/.exec(line);
    if (item) {
      const text = line.slice(item[0].length);
      const last = blocks[blocks.length - 1];
      if (Array.isArray(last)) last.push(text);
      else blocks.push([text]);
    } else blocks.push(line);
  }
  return (
    <>
      <p className="body guidance__title">
        <strong>
          <RubyText text={title} />
        </strong>
      </p>
      {blocks.map((b, i) =>
        Array.isArray(b) ? (
          <ul className="list list--bullet" key={i}>
            {b.map((x) => (
              <li key={x}>
                <RubyText text={x} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="body" key={i}>
            <RubyText text={b} />
          </p>
        ),
      )}
    </>
  );
}
