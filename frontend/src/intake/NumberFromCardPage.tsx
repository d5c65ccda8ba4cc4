import { useCallback, useState } from "react";
import { asFailure, type Application, type Problem } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { CardPinSection, pinState } from "../handover/CardPinSection";
import { readPinRefusal } from "../handover/pinProblems";
import { useCardReader } from "../handover/useCardReader";
import { useT } from "../language";

interface Props {
  app: Application;
  onBack: () => void;
  onRecorded: (app: Application) => void; // Go recorded the number and says which step comes next
}

// NumberFromCardPage reads the Individual Number from the applicant's own card, with the same PIN safety as the
// handover (tries shown first, the last try confirmed). Go records it only when the chip's four basic items are
// this application's; the digits never come to the window.
export function NumberFromCardPage({ app, onBack, onRecorded }: Props) {
  const t = useT();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [lastTryAsked, setLastTryAsked] = useState(false);
  const [busy, setBusy] = useState(false);
  const forget = useCallback(() => {
    setLastTryAsked(false);
    setProblems([]);
  }, []);
  const card = useCardReader({ onProblems: setProblems, onInserted: forget });

  async function read(pin: string, confirmLastTry: boolean) {
    if (busy || !card.reader) return;
    setBusy(true);
    try {
      onRecorded(await card.track(() => desk.ReadNumberFromCard(app.id, card.reader, pin, confirmLastTry)));
    } catch (err) {
      const failure = asFailure(err);
      if (endsSession(failure)) return;
      const refusal = readPinRefusal(failure.problems);
      if (refusal.lastTry) setLastTryAsked(true);
      if (refusal.tries !== undefined) card.setCardInfoTries(refusal.tries);
      setProblems(refusal.problems);
    } finally {
      setBusy(false);
    }
  }

  const pin = pinState(card, lastTryAsked);

  return (
    <div className="page page--number-card">
      <BackLink onBack={onBack} label={t("numberFromCard.back")} />
      <ErrorSummary problems={problems} fields={pin.fields} />
      <PageHeading caption={t("intake.caption.case", { Number: app.id })}>{t("numberFromCard.title")}</PageHeading>
      <p className="body">{t("numberFromCard.text")}</p>
      <CardPinSection applicantLanguage={app.answers.applicantLanguage ?? ""} card={card} state={pin} problems={problems} onRead={(typed, sure) => void read(typed, sure)} />
    </div>
  );
}
