import { useEffect, useId, useRef } from "react";
import type { BasicItem, CardValidity, HandoverCheck, ItemComparison } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { isoDate } from "../format";
import { hasMessage } from "../i18n";
import { useStaffLanguage, useT } from "../language";

export const itemLabel: Record<BasicItem, string> = {
  name: "handover.item.name",
  address: "handover.item.address",
  birthDate: "handover.item.birthDate",
  sex: "handover.item.sex",
};

// useItemValue renders one basic item's value for reading: dates as long dates, sex by its name.
function useItemValue() {
  const t = useT();
  const lang = useStaffLanguage();
  return (item: BasicItem, value: string) => {
    if (!value) return <span className="summary-list__none">{t("checkAnswers.notGiven")}</span>;
    if (item === "birthDate") return isoDate(lang, value);
    if (item === "sex" && hasMessage(lang, `intake.sex.sex.option.${value}`)) return t(`intake.sex.sex.option.${value}`);
    return value;
  };
}

// CheckOutcome heads the result: whether the card may be handed over. It takes focus when it appears, so that
// the outcome is the first thing announced after the card is read. A mismatch is also said to the applicant, in
// their language: the card waits while staff check the differing items with them.
export function CheckOutcome({ check, applicantLanguage }: { check: HandoverCheck; applicantLanguage: string }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  if (check.allMatch) {
    return (
      <div className="outcome outcome--match">
        <h2 className="outcome__title" tabIndex={-1} ref={ref}>
          {t("handover.match.title")}
        </h2>
        <p className="body">{t("handover.match.text")}</p>
      </div>
    );
  }
  const differing = check.items.filter((i) => !i.same);
  return (
    <div className="outcome outcome--mismatch">
      <h2 className="outcome__title" tabIndex={-1} ref={ref}>
        {t("handover.mismatch.title")}
      </h2>
      <p className="body">{t("handover.mismatch.text")}</p>
      <ul className="list list--bullet">
        {differing.map((i) => (
          <li key={i.item}>{t(itemLabel[i.item])}</li>
        ))}
      </ul>
      <ApplicantPanel applicantLanguage={applicantLanguage} titleId="handover.mismatch.applicant" />
    </div>
  );
}

// ComparisonTable sets each basic item on the chip beside the application's, with the result in words.
export function ComparisonTable({ items }: { items: ItemComparison[] }) {
  const t = useT();
  const value = useItemValue();
  return (
    <table className="table comparison">
      <caption className="table__caption">{t("handover.compare.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("handover.compare.item")}</th>
          <th scope="col">{t("handover.compare.card")}</th>
          <th scope="col">{t("handover.compare.record")}</th>
          <th scope="col">{t("handover.compare.result")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.item} className={i.same ? "comparison__row" : "comparison__row comparison__row--differs"}>
            <th scope="row">{t(itemLabel[i.item])}</th>
            <td>{value(i.item, i.card)}</td>
            <td>{value(i.item, i.record)}</td>
            <td>
              <strong className={i.same ? "tag tag--same" : "tag tag--differs"}>
                {t(i.same ? "handover.compare.same" : "handover.compare.differs")}
              </strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// CardChecks: whether the chip's data is the issuer's, and (counter staff only) the card's number, masked.
export function CardChecks({ check }: { check: HandoverCheck }) {
  const t = useT();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h3 className="heading-s" id={headingId}>
        {t("handover.checks.heading")}
      </h3>
      <dl className="summary-list">
        <div className={check.chipData === "authentic" ? "summary-list__row" : "summary-list__row summary-list__row--warning"}>
          <dt className="summary-list__key">{t("handover.chip.label")}</dt>
          <dd className="summary-list__value">
            <span className="summary-list__line">
              <strong>{t(`handover.chip.${check.chipData}`)}</strong>
            </span>
            {check.chipDataReasonId && <span className="summary-list__line">{t(check.chipDataReasonId)}</span>}
          </dd>
        </div>
        {check.numberMasked && (
          <>
            <div className="summary-list__row">
              <dt className="summary-list__key">{t("handover.number.label")}</dt>
              <dd className="summary-list__value">
                <span className="number-masked">{check.numberMasked}</span>
              </dd>
            </div>
            <div className={check.numberCheckDigitOK ? "summary-list__row" : "summary-list__row summary-list__row--warning"}>
              <dt className="summary-list__key">{t("handover.number.checkDigit")}</dt>
              <dd className="summary-list__value">
                {t(check.numberCheckDigitOK ? "handover.number.checkDigit.ok" : "handover.number.checkDigit.wrong")}
              </dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}

// ValidityPanel: until when the card and its certificate are valid, and from when to renew them.
export function ValidityPanel({ validity }: { validity: CardValidity }) {
  const t = useT();
  const lang = useStaffLanguage();
  const headingId = useId();
  const date = (iso: string) => (iso ? isoDate(lang, iso) : t("handover.card.unreadable"));
  return (
    <section aria-labelledby={headingId}>
      <h3 className="heading-s" id={headingId}>
        {t("handover.validity.heading")}
      </h3>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.validity.cardExpiry")}</dt>
          <dd className="summary-list__value">{date(validity.cardExpiry)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.validity.certificateExpiry")}</dt>
          <dd className="summary-list__value">{date(validity.certificateExpiry)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.validity.renewBy")}</dt>
          <dd className="summary-list__value">{date(validity.renewBy)}</dd>
        </div>
      </dl>
      {validity.reasonId && <p className="body">{t(validity.reasonId)}</p>}
    </section>
  );
}
