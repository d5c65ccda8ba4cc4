import { useId } from "react";
import { hasMessage, textDirection, translate, translateMarked } from "../i18n";
import { useStaffLanguage, useT } from "../language";
import { RubyText } from "../ruby";

interface Props {
  applicantLanguage: string;
  titleId: string; // message ID of the question
  hintId?: string; // message ID of the question's hint, if it has one
}

// ApplicantPanel repeats the page's question in the applicant's language, for the staff member to read out
// or show. It appears only when the applicant's language differs from the staff member's.
export function ApplicantPanel({ applicantLanguage, titleId, hintId }: Props) {
  const t = useT();
  const staff = useStaffLanguage();
  const headingId = useId();
  if (!applicantLanguage || applicantLanguage === staff) return null;
  const dir = textDirection(applicantLanguage);
  return (
    <section className="applicant-panel" aria-labelledby={headingId} data-testid="applicant-panel">
      <h2 className="applicant-panel__title" id={headingId}>
        {t("intake.readToApplicant.title")}
      </h2>
      <div lang={applicantLanguage} dir={dir} className="applicant-panel__body">
        <p className="applicant-panel__question">
          <RubyText text={translateMarked(applicantLanguage, titleId)} />
        </p>
        {hintId && hasMessage(applicantLanguage, hintId) && (
          <p className="applicant-panel__hint">
            <RubyText text={translateMarked(applicantLanguage, hintId)} />
          </p>
        )}
      </div>
      {translate(applicantLanguage, "meta.translation.status") === "machine" && (
        <p className="applicant-panel__note">{t("intake.readToApplicant.machine")}</p>
      )}
    </section>
  );
}
