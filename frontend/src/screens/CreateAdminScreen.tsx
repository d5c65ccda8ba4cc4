import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Problem, type User } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk } from "../desk";
import { useT } from "../language";

const fields = ["username", "displayName", "password", "confirm"];

// CreateAdminScreen appears once, on a new installation: the first account, an administrator.
export function CreateAdminScreen({ onCreated }: { onCreated: (user: User) => void }) {
  const t = useT();
  const [v, setV] = useState({ username: "", displayName: "", password: "", confirm: "" });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const error = useFieldErrors(problems);
  const set = (k: keyof typeof v) => (value: string) => setV((prev) => ({ ...prev, [k]: value }));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onCreated(await desk.CreateAdmin(v.username, v.displayName, v.password, v.confirm));
    } catch (err) {
      setProblems(asFailure(err).problems);
      setBusy(false);
    }
  }

  return (
    <div className="page page--create-admin">
      <ErrorSummary problems={problems} fields={fields} />
      <PageHeading>{t("createAdmin.title")}</PageHeading>
      <p className="body">{t("createAdmin.text")}</p>
      <Form onSubmit={submit} validationBehavior="aria">
        <TextInput name="username" label={t("account.username.label")} hint={t("account.username.hint")} value={v.username} onChange={set("username")} error={error("username")} autoComplete="off" width="20" />
        <TextInput name="displayName" label={t("account.displayName.label")} hint={t("account.displayName.hint")} value={v.displayName} onChange={set("displayName")} error={error("displayName")} autoComplete="off" width="20" />
        <TextInput name="password" type="password" label={t("account.password.label")} hint={t("account.password.hint")} value={v.password} onChange={set("password")} error={error("password")} autoComplete="new-password" width="20" />
        <TextInput name="confirm" type="password" label={t("account.confirm.label")} value={v.confirm} onChange={set("confirm")} error={error("confirm")} autoComplete="new-password" width="20" />
        <Button type="submit" className="button">
          {t("createAdmin.submit")}
        </Button>
      </Form>
    </div>
  );
}
