import { useCallback, useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type Application, type HandoverCheck, type Problem, type SupervisorOverride } from "../api";
import { BackLink } from "../components/BackLink";
import { ErrorSummary } from "../components/ErrorSummary";
import { PageHeading } from "../components/PageHeading";
import { desk, endsSession } from "../desk";
import { useT } from "../language";
import { CardChecks, CheckOutcome, ComparisonTable, ValidityPanel } from "./CheckResult";
import { CardPinSection, pinState } from "./CardPinSection";
import { readPinRefusal } from "./pinProblems";
import { SupervisorDecision, supervisorFields } from "./SupervisorDecision";
import { useCardReader } from "./useCardReader";

interface Props {
  app: Application;
  onBack: () => void;
  onHandedOver: (app: Application) => void;
}

// HandoverPage gives a ready application's card to the applicant: the card on the reader, its PIN tries, the PIN
// typed by the applicant, the chip's basic items compared with the application, then the handover (or a
// supervisor's decision when they differ). All of it is state of this page: it goes with the page, and the
// PIN only ever lives in the PIN field until it is sent.
export function HandoverPage({ app, onBack, onHandedOver }: Props) {
  const t = useT();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [check, setCheck] = useState<HandoverCheck | null>(null);
  const [lastTryAsked, setLastTryAsked] = useState(false); // the backend asked to confirm the last try
  const [busy, setBusy] = useState(false);

  const forgetCard = useCallback(() => {
    setCheck(null);
    setLastTryAsked(false);
    setProblems([]);
  }, []);
  const card = useCardReader({ onProblems: setProblems, onInserted: forgetCard });

  // problemsOf turns a rejection into problems to show, or null when the shell takes over (lock, signed out).
  const problemsOf = (err: unknown): Problem[] | null => {
    const failure = asFailure(err);
    return endsSession(failure) ? null : failure.problems;
  };

  async function readCard(pin: string, confirmLastTry: boolean) {
    if (busy || !card.reader) return;
    setBusy(true);
    try {
      const result = await card.track(() => desk.CheckHandover(app.id, card.reader, pin, confirmLastTry));
      setCheck(result);
      setLastTryAsked(false);
      setProblems([]);
    } catch (err) {
      const found = problemsOf(err);
      if (!found) return;
      const refusal = readPinRefusal(found);
      if (refusal.lastTry) setLastTryAsked(true);
      if (refusal.tries !== undefined) card.setCardInfoTries(refusal.tries);
      setProblems(refusal.problems);
    } finally {
      setBusy(false);
    }
  }

  async function handOver(override: SupervisorOverride | null) {
    if (busy) return;
    setBusy(true);
    try {
      onHandedOver(await desk.CompleteHandover(app.id, override));
    } catch (err) {
      const found = problemsOf(err);
      if (found) setProblems(found);
    } finally {
      setBusy(false);
    }
  }

  const pin = pinState(card, lastTryAsked, !!check);
  const fields = [...pin.fields, ...(check && !check.allMatch ? supervisorFields : [])];

  return (
    <div className="page page--handover">
      <BackLink onBack={onBack} label={t("handover.back")} />
      <ErrorSummary problems={problems} fields={fields} />
      <PageHeading caption={t("intake.caption.case", { Number: app.id })}>{t("handover.title")}</PageHeading>
      <p className="body">{t("handover.text")}</p>
      <CardPinSection applicantLanguage={app.answers.applicantLanguage ?? ""} card={card} state={pin} problems={problems} onRead={(typed, sure) => void readCard(typed, sure)} />
      {check && (
        <section className="handover-section handover-result">
          <CheckOutcome check={check} applicantLanguage={app.answers.applicantLanguage ?? ""} />
          <ComparisonTable items={check.items} />
          <CardChecks check={check} />
          {check.validity && <ValidityPanel validity={check.validity} />}
          {check.allMatch ? (
            <Button className="button" onPress={() => void handOver(null)}>
              {t("handover.complete")}
            </Button>
          ) : (
            <SupervisorDecision problems={problems} onDecide={(o) => void handOver(o)} />
          )}
        </section>
      )}
    </div>
  );
}
