import { useEffect, useState, type ReactNode } from "react";
import type { Application, SimilarApplication } from "../api";
import { WarningText } from "../components/Notice";
import { desk } from "../desk";
import { isoDate } from "../format";
import { useStaffLanguage, useT } from "../language";

// At most this many similar applications are compared on the page; the rest are only counted.
export const similarShown = 5;

// useSimilarApplications asks the desk, once per application, for records that may be the same person.
// It only warns: nothing is merged, and a failed look-up shows nothing (and logs nothing: it holds personal data).
// The result lives in component state only, so it goes with the page (Next applicant, sign-out, lock).
export function useSimilarApplications(id: number): SimilarApplication[] {
  const [similar, setSimilar] = useState<SimilarApplication[]>([]);
  useEffect(() => {
    let live = true;
    setSimilar([]);
    desk.SimilarApplications(id).then(
      (list) => {
        if (live) setSimilar(Array.isArray(list) ? list : []); // a Go nil slice arrives as null
      },
      () => {
        // nothing to show; session-ending failures are handled by the app shell through desk
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  return similar;
}

interface Props {
  app: Application;
  similar: SimilarApplication[];
}

// SimilarPanel warns that other applications may be of the same person, and sets each beside this one on the
// four basic items (and the reading). It never takes focus and never blocks submitting: staff decide.
export function SimilarPanel({ app, similar }: Props) {
  const t = useT();
  if (similar.length === 0) return null;
  const shown = similar.slice(0, similarShown);
  const more = similar.length - shown.length;
  return (
    <section className="similar-panel" aria-labelledby="similar-heading">
      <h2 className="heading-m similar-panel__title" id="similar-heading">
        {t("checkAnswers.similar.heading")}
      </h2>
      <WarningText>{t("people.similar.notice")}</WarningText>
      {shown.map((s) => (
        <SimilarTable key={s.id} app={app} other={s} />
      ))}
      {more > 0 && <p className="body">{t("checkAnswers.similar.more", { Count: more })}</p>}
    </section>
  );
}

function SimilarTable({ app, other }: { app: Application; other: SimilarApplication }) {
  const t = useT();
  const lang = useStaffLanguage();
  const none = <span className="summary-list__none">{t("checkAnswers.notGiven")}</span>;
  const text = (v: string | undefined): ReactNode => (v ? v : none);
  const date = (v: string): ReactNode => (v ? isoDate(lang, v) : none);
  const sex = (v: string | undefined): ReactNode => (v ? t(`intake.sex.sex.option.${v}`) : none);
  const a = app.answers;
  const rows: [string, ReactNode, ReactNode][] = [
    ["checkAnswers.name", text(a.name), text(other.name)],
    ["checkAnswers.nameKana", text(a.nameKana), text(other.nameKana)],
    ["checkAnswers.birthDate", date(app.birthDate), date(other.birthDate)],
    ["checkAnswers.address", text(a.address), text(other.address)],
    ["checkAnswers.sex", sex(a.sex), sex(other.sex)],
  ];
  const caption = t("checkAnswers.similar.caption", { Number: other.id });
  return (
    <table className="table comparison similar-panel__table">
      <caption className="table__caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("checkAnswers.similar.item")}</th>
          <th scope="col">{t("checkAnswers.similar.this")}</th>
          <th scope="col">{caption}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, mine, theirs]) => (
          <tr key={label}>
            <th scope="row">{t(label)}</th>
            <td>{mine}</td>
            <td>{theirs}</td>
          </tr>
        ))}
        {other.reasons.length > 0 && (
          <tr>
            <th scope="row">{t("checkAnswers.similar.reasons")}</th>
            <td colSpan={2}>
              <ul className="list list--bullet similar-panel__reasons">
                {other.reasons.map((r) => (
                  <li key={r}>{t(r)}</li>
                ))}
              </ul>
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
