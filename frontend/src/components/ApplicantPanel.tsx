import { useId, type ReactNode } from "react";
import { hasMessage, textDirection, translate, translateMarked } from "../i18n";
import { useStaffLanguage, useT } from "../language";
import { RubyText } from "../ruby";

interface ReadOutProps {
  language: string; // the applicant's (the person's, the caller's) language; "" when not known
  titleId?: string; // message ID of the heading, in the staff language
  machineNoteId?: string; // message ID of the staff's note when the text is machine-translated
  always?: boolean; // shown even when the language is the staff's (text that must be read out in any case)
  staffCopy?: boolean; // the same text in the staff language beside it, when the languages differ
  testId?: string;
  children: (lang: string) => ReactNode; // the text, drawn in the language given
}

// ReadOutPanel is text the staff member reads out or shows to the applicant, drawn in the applicant's language
// (marked with its lang and dir; Easy Japanese with furigana through MarkedText), under a heading in the staff
// language, with a note for staff when that language's file is a machine translation. With staffCopy the staff
// member also sees what they are reading, in their own language, beside it.
export function ReadOutPanel({
  language, titleId = "intake.readToApplicant.title", machineNoteId = "intake.readToApplicant.machine", always, staffCopy, testId = "applicant-panel", children,
}: ReadOutProps) {
  const t = useT();
  const staff = useStaffLanguage();
  const headingId = useId();
  const lang = language || staff;
  const same = lang === staff;
  if (same && !always) return null;
  const both = staffCopy && !same;
  return (
    <section className="applicant-panel" aria-labelledby={headingId} data-testid={testId}>
      <h2 className="applicant-panel__title" id={headingId}>
        {t(titleId)}
      </h2>
      <div className={both ? "applicant-panel__columns" : undefined}>
        <div lang={lang} dir={textDirection(lang)} className="applicant-panel__body">
          {children(lang)}
        </div>
        {both && (
          <div lang={staff} dir={textDirection(staff)} className="applicant-panel__body applicant-panel__body--staff">
            {children(staff)}
          </div>
        )}
      </div>
      {!same && translate(lang, "meta.translation.status") === "machine" && <p className="applicant-panel__note">{t(machineNoteId)}</p>}
    </section>
  );
}

// MarkedText is message id in lang as the applicant reads it: Easy Japanese draws its furigana.
export function MarkedText({ lang, id, args }: { lang: string; id: string; args?: Record<string, string | number> }) {
  return <RubyText text={translateMarked(lang, id, args)} />;
}

interface Props {
  applicantLanguage: string;
  titleId: string; // message ID of the question (or sentence) to read out
  hintId?: string; // message ID of its hint, if it has one
  args?: Record<string, string | number>;
  first?: Sentence[]; // what the applicant is told before the question (what went wrong with their last answer)
}

// Sentence is a message to draw in the applicant's language, with its arguments.
export interface Sentence {
  id: string;
  args?: Record<string, string | number>;
}

// ApplicantPanel repeats the page's question (or a sentence for the applicant) in the applicant's language, for
// the staff member to read out or show. It appears only when the applicant's language differs from the staff
// member's.
export function ApplicantPanel({ applicantLanguage, titleId, hintId, args, first = [] }: Props) {
  return (
    <ReadOutPanel language={applicantLanguage}>
      {(lang) => (
        <>
          {first.filter((s) => hasMessage(lang, s.id)).map((s) => (
            <p className="applicant-panel__told" key={s.id}>
              <MarkedText lang={lang} id={s.id} args={s.args} />
            </p>
          ))}
          <p className="applicant-panel__question">
            <MarkedText lang={lang} id={titleId} args={args} />
          </p>
          {hintId && hasMessage(lang, hintId) && (
            <p className="applicant-panel__hint">
              <MarkedText lang={lang} id={hintId} args={args} />
            </p>
          )}
        </>
      )}
    </ReadOutPanel>
  );
}
