import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Problem, type User } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk } from "../desk";
import { useT } from "../language";

const fields = ["username", "password"];

// SignInScreen: username and password. notice explains why the user is here again (e.g. signed out elsewhere).
export function SignInScreen({ notice = [], onSignedIn }: { notice?: Problem[]; onSignedIn: (user: User) => void }) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onSignedIn(await desk.SignIn(username, password));
    } catch (err) {
      setProblems(asFailure(err).problems);
      setBusy(false);
    }
  }

  return (
    <div className="page page--sign-in">
      <ErrorSummary problems={problems} fields={fields} />
      <PageHeading>{t("signin.title")}</PageHeading>
      {notice.length > 0 && !problems.length && (
        <div className="inset" role="status">
          {notice.map((p, i) => (
            <p className="body" key={`${p.id}:${i}`}>
              {t(p.id, p.args)}
            </p>
          ))}
        </div>
      )}
      <Form onSubmit={submit} validationBehavior="aria">
        <TextInput name="username" label={t("signin.username.label")} value={username} onChange={setUsername} error={error("username")} autoComplete="username" width="20" />
        <TextInput name="password" type="password" label={t("signin.password.label")} value={password} onChange={setPassword} error={error("password")} autoComplete="current-password" width="20" />
        <Button type="submit" className="button">
          {t("signin.submit")}
        </Button>
      </Form>
    </div>
  );
}
