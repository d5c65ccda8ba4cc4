import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Problem, type User } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk } from "../desk";
import { useT } from "../language";

// LockedScreen replaces every signed-in screen after the idle time: nothing about the applicant is in the page, and
// nothing names the staff member signed in (a passer-by at the counter must not learn who it is; they know). They
// unlock with their password, or sign out; the third wrong password signs them out (the app shell then shows the
// sign-in screen with the reason).
export function LockedScreen({ onUnlocked, onSignOut }: { onUnlocked: (user: User) => void; onSignOut: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onUnlocked(await desk.Unlock(password));
    } catch (err) {
      // A wrong password is about the one field here, whatever field the backend named.
      setProblems(asFailure(err).problems.map((p) => (p.field || p.id.startsWith("auth.") ? { ...p, field: "password" } : p)));
      setBusy(false);
    }
  }

  return (
    <div className="page page--locked">
      <ErrorSummary problems={problems} fields={["password"]} />
      <PageHeading>{t("locked.title")}</PageHeading>
      <p className="body">{t("locked.text")}</p>
      <Form onSubmit={submit} validationBehavior="aria">
        <TextInput name="password" type="password" label={t("locked.password.label")} value={password} onChange={setPassword} error={error("password")} autoComplete="current-password" width="20" />
        <div className="button-group">
          <Button type="submit" className="button">
            {t("locked.submit")}
          </Button>
          <Button className="button button--secondary" onPress={onSignOut}>
            {t("header.signOut")}
          </Button>
        </div>
      </Form>
    </div>
  );
}
