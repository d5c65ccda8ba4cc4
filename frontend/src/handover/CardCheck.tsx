import { useCallback, useEffect, useId, useState } from "react";
import type { Problem } from "../api";
import { WarningText } from "../components/Notice";
import { useT } from "../language";
import { ReaderPanel } from "./ReaderPanel";
import { PinLockedPanel, TriesPanel } from "./TriesPanel";
import { useCardReader } from "./useCardReader";

// CardCheck answers "how many tries are left?" for any card placed on the reader, without asking for a PIN and
// without an application: the same reader, tries and locked-PIN panels as the handover page, read with
// CardStatus only. All of it is state of this component, so it goes with the page (and with Next applicant).
export function CardCheck() {
  const t = useT();
  const headingId = useId();
  const [problems, setProblems] = useState<Problem[]>([]);
  const forget = useCallback(() => setProblems([]), []);
  const card = useCardReader({ onProblems: setProblems, onInserted: forget });

  const status = card.presence === "present" ? card.status : null;
  useEffect(() => {
    if (status) setProblems([]);
  }, [status]);
  const blocked = !!status?.myNumberCard && status.tries.cardInfo <= 0;
  // A failed read is about the card on the reader (or the readers themselves): once it is taken off, it is old news.
  const shown = card.presence === "present" || card.presence === "noReader" ? problems : [];

  return (
    <section className="card-check" aria-labelledby={headingId}>
      <h2 className="heading-m" id={headingId}>
        {t("counter.cardCheck.heading")}
      </h2>
      <p className="body">{t("counter.cardCheck.text")}</p>
      <ReaderPanel card={card} level={3} />
      {/* Always in the page, so that the result is announced when the read ends. */}
      <div className="card-check__result" role="status">
        {shown.map((p, i) => (
          <WarningText key={`${p.id}:${i}`}>{t(p.id, p.args)}</WarningText>
        ))}
        {status && <TriesPanel status={status} level={3} notMyNumber={t("counter.cardCheck.notMyNumber")} />}
        {blocked && <PinLockedPanel level={3} />}
      </div>
    </section>
  );
}
