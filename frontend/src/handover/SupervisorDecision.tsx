import { useId, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import type { Problem, SupervisorOverride } from "../api";
import { useFieldErrors } from "../components/ErrorSummary";
import { TextAreaInput, TextInput } from "../components/fields";
import { useT } from "../language";

export const supervisorFields = ["username", "password", "reason"];

interface Props {
  problems: Problem[];
  onDecide: (override: SupervisorOverride) => void;
}

// SupervisorDecision is the only way to hand over a card that differs from the application: a supervisor signs
// it off on this desk with their own account and a reason. The password is cleared as soon as it is sent; what
// else was typed stays if the decision is refused.
export function SupervisorDecision({ problems, onDecide }: Props) {
  const t = useT();
  const headingId = useId();
  const error = useFieldErrors(problems);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [reason, setReason] = useState("");

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = password;
    setPassword("");
    onDecide({ username, password: typed, reason });
  }

  return (
    <section className="handover-section" aria-labelledby={headingId}>
      <h2 className="heading-m" id={headingId}>
        {t("handover.supervisor.heading")}
      </h2>
      <p className="body">{t("handover.supervisor.text")}</p>
      <Form onSubmit={submit} validationBehavior="aria" autoComplete="off">
        <TextInput
          name="username"
          label={t("handover.supervisor.username.label")}
          value={username}
          onChange={setUsername}
          error={error("username")}
          width="20"
        />
        <TextInput
          name="password"
          type="password"
          label={t("handover.supervisor.password.label")}
          value={password}
          onChange={setPassword}
          error={error("password")}
          width="20"
        />
        <TextAreaInput
          name="reason"
          label={t("handover.supervisor.reason.label")}
          hint={t("handover.supervisor.reason.hint")}
          value={reason}
          onChange={setReason}
          error={error("reason")}
        />
        <Button type="submit" className="button button--warning">
          {t("handover.supervisor.submit")}
        </Button>
      </Form>
    </section>
  );
}
