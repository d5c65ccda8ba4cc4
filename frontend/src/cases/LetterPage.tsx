import { useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Language, type Letter, type Org, type Problem } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { countryName, isoDate, languageName, orgName } from "../format";
import { translateMarked, translator, type Args, type Translate } from "../i18n";
import { RubyText } from "../ruby";
import { textDirection } from "../i18n";
import { useT } from "../language";

interface Props {
  referralId: number;
  from: Org | null; // the caseworker's organisation; null for the municipal counter
  languages: Language[];
  onBack: () => void;
}

// LetterPage is the referral letter, in Japanese and in the person's language side by side (one column when
// that is Japanese), holding only what the backend put in it: the consented fields, never an Individual
// Number. "Print" records the print in the audit trail, then opens the print dialog (which can save a PDF).
export function LetterPage({ referralId, from, languages, onBack }: Props) {
  const t = useT();
  const [letter, setLetter] = useState<Letter | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    let live = true;
    desk.ReferralLetter(referralId).then(
      (l) => live && setLetter(l),
      (err) => {
        const f = asFailure(err);
        if (live && !endsSession(f)) setProblems(f.problems);
      },
    );
    return () => {
      live = false;
    };
  }, [referralId]);

  async function print() {
    try {
      await desk.PrintReferralLetter(referralId);
      window.print();
    } catch (err) {
      const f = asFailure(err);
      if (!endsSession(f)) setProblems(f.problems);
    }
  }

  const langs = letter ? [...new Set(["ja", letter.language])] : [];
  return (
    <div className="page page--letter">
      <div className="no-print">
        <BackLink onBack={onBack} label={t("cases.back.referral")} />
        <ErrorSummary problems={problems} />
        <PageHeading>{t("cases.letter.heading")}</PageHeading>
        <p className="body">{t("cases.letter.intro")}</p>
        <Button className="button" onPress={() => void print()} isDisabled={!letter}>
          {t("cases.letter.print")}
        </Button>
      </div>
      {letter && (
        <div className={langs.length > 1 ? "letter letter--two" : "letter"}>
          {langs.map((l) => (
            <LetterColumn key={l} lang={l} letter={letter} from={from} languages={languages} />
          ))}
        </div>
      )}
    </div>
  );
}

function LetterColumn({ lang, letter, from, languages }: { lang: string; letter: Letter; from: Org | null; languages: Language[] }) {
  const t: Translate = translator(lang);
  // Visible text keeps its furigana (Easy Japanese); t stays plain for labels and arguments.
  const tr = (id: string, args?: Args) => <RubyText text={translateMarked(lang, id, args)} />;
  const to = orgName(letter.to, lang);
  const c = letter.consent;
  const item = (label: string, value: string | undefined) =>
    value === undefined ? null : (
      <div className="letter__row" key={label}>
        <dt>{label}</dt>
        <dd className="pre-line">{value}</dd>
      </div>
    );
  return (
    <article className="letter__column" lang={lang} dir={textDirection(lang)} aria-label={t("cases.letter.title")}>
      <h2 className="heading-m">{tr("cases.letter.title")}</h2>
      <p className="letter__date">{isoDate(lang, letter.day)}</p>
      <p className="letter__to">
        {tr("cases.letter.to", { Org: to })}
        {letter.to.phone && <> ({letter.to.phone})</>}
      </p>
      <p>{tr("cases.letter.from", { Org: from ? orgName(from, lang) : t("cases.letter.municipal") })}</p>
      <h3 className="heading-s">{tr("cases.referral.reason.label")}</h3>
      <p className="pre-line">{letter.reason}</p>
      {c && (
        <p>
          {tr("cases.letter.consent", {
            Who: c.givenBy, Relationship: t(`cases.consent.relationship.${c.relationship}`), Org: to, Day: isoDate(lang, c.day),
            Method: t(`cases.consent.method.${c.method}`),
          })}
          {c.method === "spoken_interpreter" && (
            <> {tr("cases.consent.interpreter", { Language: languageName(languages, c.interpreterLanguage), Name: c.interpreterName })}</>
          )}
        </p>
      )}
      {letter.override && <p>{tr("cases.letter.override")}</p>}
      {letter.shared.length > 0 && (
        <>
          <h3 className="heading-s">{tr("cases.letter.shared")}</h3>
          <dl className="letter__items">
            {item(t("cases.field.name"), letter.name)}
            {item(t("cases.field.birthDate"), letter.birthDate && isoDate(lang, letter.birthDate))}
            {item(t("cases.field.nationality"), letter.nationality && (letter.nationality.length === 2 ? countryName(lang, t, letter.nationality) : t(`nationality.${letter.nationality}`)))}
            {item(t("cases.field.language"), letter.personLanguage && languageName(languages, letter.personLanguage))}
            {item(t("cases.field.contact"), letter.contact)}
            {letter.situation && (
              <div className="letter__row">
                <dt>{tr("cases.field.situation")}</dt>
                <dd>
                  <p>{t(letter.situation.category)}</p>
                  <ul className="list list--bullet">
                    {letter.situation.flags.map((f) => (
                      <li key={f}>{t(f)}</li>
                    ))}
                  </ul>
                  {letter.situation.deadlines.length > 0 && (
                    <ul className="list">
                      {letter.situation.deadlines.map((d) => (
                        <li key={d.id}>
                          {isoDate(lang, d.date)}: {t(d.message)} ({t(d.statusMessage)})
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            )}
            {item(t("cases.field.notes"), letter.notes)}
          </dl>
        </>
      )}
      <p className="letter__footer">{tr("cases.letter.noNumber")}</p>
    </article>
  );
}
