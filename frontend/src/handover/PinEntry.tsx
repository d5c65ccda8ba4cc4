import { useId, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import type { Problem } from "../api";
import { ApplicantPanel } from "../components/ApplicantPanel";
import { useFieldErrors } from "../components/ErrorSummary";
import { CheckboxInput, TextInput } from "../components/fields";
import { WarningText } from "../components/Notice";
import { useT } from "../language";

interface Props {
  applicantLanguage: string; // the PIN is the applicant's to type: what to do, and what was wrong with the PIN they
  // typed (a wrong PIN and the tries left, a PIN not of 4 digits), is also said in their language
  lastTry: boolean; // one try left: warn, and ask for an explicit confirmation
  problems: Problem[];
  onRead: (pin: string, confirmLastTry: boolean) => void;
}

// PinEntry is where the applicant types the card-info input support PIN. The PIN is held only here, and only
// until the button is pressed: it is cleared before the card is read, whatever the outcome. Whether the PIN is
// well formed is for the backend to say.
export function PinEntry({ applicantLanguage, lastTry, problems, onRead }: Props) {
  const t = useT();
  const headingId = useId();
  const error = useFieldErrors(problems);
  const [pin, setPin] = useState("");
  const [sure, setSure] = useState(false);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = pin;
    const confirmed = lastTry && sure;
    setPin("");
    setSure(false);
    onRead(typed, confirmed);
  }

  return (
    <section className="handover-section" aria-labelledby={headingId}>
      <h2 className="heading-m" id={headingId}>
        {t("handover.pin.heading")}
      </h2>
      <ApplicantPanel
        applicantLanguage={applicantLanguage}
        titleId="handover.pin.applicant"
        hintId={lastTry ? "handover.lastTry.warning" : undefined}
        first={problems.filter((p) => p.field === "pin")}
      />
      {lastTry && <WarningText>{t("handover.lastTry.warning")}</WarningText>}
      <Form onSubmit={submit} validationBehavior="aria" autoComplete="off">
        <TextInput
          name="pin"
          type="password"
          inputMode="numeric"
          maxLength={4}
          pattern="[0-9]*"
          width="4"
          label={t("handover.pin.label")}
          hint={t("handover.pin.hint")}
          value={pin}
          onChange={setPin}
          error={error("pin")}
        />
        {lastTry && (
          <CheckboxInput
            name="confirmLastTry"
            label={t("handover.lastTry.confirm")}
            isSelected={sure}
            onChange={setSure}
            error={error("confirmLastTry")}
          />
        )}
        <Button type="submit" className="button">
          {t(lastTry ? "handover.pin.submitLastTry" : "handover.pin.submit")}
        </Button>
      </Form>
    </section>
  );
}
