import { useId } from "react";
import type { Handover } from "../api";
import { dateTime } from "../format";
import { useStaffLanguage, useT } from "../language";
import { itemLabel } from "./CheckResult";

// HandedOverPanel says that the card of this application was given to the applicant, when, and whether a
// supervisor decided it despite a difference (with the items and the reason).
export function HandedOverPanel({ handover, title }: { handover: Handover; title?: string }) {
  const t = useT();
  const lang = useStaffLanguage();
  const headingId = useId();
  const overridden = !handover.matched;
  return (
    <section className="handed-over" aria-labelledby={headingId}>
      <h2 className="handed-over__title" id={headingId}>
        {title ?? t("handover.done.title")}
      </h2>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.record.at")}</dt>
          <dd className="summary-list__value">{dateTime(lang, handover.at)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.record.check")}</dt>
          <dd className="summary-list__value">
            {overridden ? <strong>{t("handover.done.overridden")}</strong> : t("handover.record.matched")}
          </dd>
        </div>
        {overridden && !!handover.differing?.length && (
          <div className="summary-list__row">
            <dt className="summary-list__key">{t("handover.record.differing")}</dt>
            <dd className="summary-list__value">{new Intl.ListFormat(lang).format(handover.differing.map((i) => t(itemLabel[i])))}</dd>
          </div>
        )}
        {overridden && handover.reason && (
          <div className="summary-list__row">
            <dt className="summary-list__key">{t("handover.record.reason")}</dt>
            <dd className="summary-list__value summary-list__value--text">{handover.reason}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
