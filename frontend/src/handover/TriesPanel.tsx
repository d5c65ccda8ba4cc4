import { useId } from "react";
import type { CardStatus } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { WarningText } from "../components/Notice";
import { isoDate } from "../format";
import { useStaffLanguage, useT } from "../language";
import { Heading, type HeadingLevel } from "./Heading";

const tokens: string[] = ["card", "smartphone", "oldCard", "unknown"];

// TriesPanel shows what the card says about itself before any PIN is asked: what kind of card it is,
// the tries left on each of its PINs, and when its user-authentication certificate ends. notMyNumber is the
// warning for a card that is not a My Number Card (the handover's, about the applicant's card, by default).
export function TriesPanel({ status, level = 2, notMyNumber }: { status: CardStatus; level?: HeadingLevel; notMyNumber?: string }) {
  const t = useT();
  const lang = useStaffLanguage();
  const headingId = useId();
  const tries = (n: number) => (n > 0 ? t("handover.tries.left", { Count: n }) : t("handover.tries.none"));
  const low = (n: number) => (n <= 1 ? "summary-list__row summary-list__row--warning" : "summary-list__row");
  return (
    <section className="handover-section" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {t("handover.card.heading")}
      </Heading>
      {!status.myNumberCard && <WarningText>{notMyNumber ?? t("handover.card.notMyNumber")}</WarningText>}
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("handover.card.type")}</dt>
          <dd className="summary-list__value">{t(`handover.card.token.${tokens.includes(status.token) ? status.token : "unknown"}`)}</dd>
        </div>
        {status.myNumberCard && (
          <>
            <div className={low(status.tries.cardInfo)}>
              <dt className="summary-list__key">{t("handover.tries.cardInfo")}</dt>
              <dd className="summary-list__value">{tries(status.tries.cardInfo)}</dd>
            </div>
            <div className={low(status.tries.auth)}>
              <dt className="summary-list__key">{t("handover.tries.auth")}</dt>
              <dd className="summary-list__value">{tries(status.tries.auth)}</dd>
            </div>
            <div className={low(status.tries.signature)}>
              <dt className="summary-list__key">{t("handover.tries.signature")}</dt>
              <dd className="summary-list__value">{tries(status.tries.signature)}</dd>
            </div>
            <div className="summary-list__row">
              <dt className="summary-list__key">{t("handover.card.certificateExpiry")}</dt>
              <dd className="summary-list__value">
                {status.certificateExpiry ? isoDate(lang, status.certificateExpiry) : t("handover.card.unreadable")}
              </dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}

// PinLockedPanel is the guidance when the card-info input support PIN has no tries left: on the handover page it
// replaces the PIN field.
export function PinLockedPanel({ level = 2, applicantLanguage = "" }: { level?: HeadingLevel; applicantLanguage?: string }) {
  const t = useT();
  const headingId = useId();
  return (
    <section className="alert-panel" aria-labelledby={headingId}>
      <Heading level={level} id={headingId} className="alert-panel__title">
        {t("handover.blocked.title")}
      </Heading>
      <p className="body">{t("handover.blocked.text")}</p>
      <p className="body">{t("handover.blocked.next")}</p>
      <ApplicantPanel applicantLanguage={applicantLanguage} titleId="handover.blocked.next" />
    </section>
  );
}
