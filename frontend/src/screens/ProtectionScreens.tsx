import { useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, type Problem } from "../api";
import { ErrorSummary, useFieldErrors } from "../components/ErrorSummary";
import { TextInput } from "../components/fields";
import { PageHeading } from "../components/PageHeading";
import { desk } from "../desk";
import { useT } from "../language";

// usePassphraseForm holds what both protection screens share: the submit guard and the problems.
function usePassphraseForm(send: () => Promise<void>, onDone: () => void) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await send();
      onDone();
    } catch (err) {
      setProblems(asFailure(err).problems);
      setBusy(false);
    }
  }
  return { problems, busy, submit, error: useFieldErrors(problems) };
}

// SetUpProtectionScreen asks, once per database, for the passphrase that protects every applicant's data.
export function SetUpProtectionScreen({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [v, setV] = useState({ passphrase: "", confirm: "" });
  const form = usePassphraseForm(() => desk.SetUpProtection(v.passphrase, v.confirm), onDone);
  return (
    <div className="page page--protection">
      <ErrorSummary problems={form.problems} fields={["passphrase", "passphraseConfirm"]} />
      <PageHeading>{t("protection.setup.title")}</PageHeading>
      <p className="body">{t("protection.setup.text")}</p>
      <p className="body">{t("protection.setup.keep")}</p>
      <Form onSubmit={form.submit} validationBehavior="aria">
        <TextInput name="passphrase" type="password" label={t("protection.passphrase.label")} hint={t("protection.passphrase.hint")} value={v.passphrase} onChange={(s) => setV((p) => ({ ...p, passphrase: s }))} error={form.error("passphrase")} autoComplete="new-password" width="20" />
        <TextInput name="passphraseConfirm" type="password" label={t("protection.passphraseConfirm.label")} value={v.confirm} onChange={(s) => setV((p) => ({ ...p, confirm: s }))} error={form.error("passphraseConfirm")} autoComplete="new-password" width="20" />
        <Button type="submit" className="button">
          {t("protection.setup.submit")}
        </Button>
      </Form>
    </div>
  );
}

// UnlockDataScreen comes before sign-in on a PC whose keyring does not hold the data key, and in the middle of
// work when another desk changed the data key (notice says so).
export function UnlockDataScreen({ notice = [], onDone }: { notice?: Problem[]; onDone: () => void }) {
  const t = useT();
  const [passphrase, setPassphrase] = useState("");
  // A wrong passphrase is about the one field here.
  const form = usePassphraseForm(async () => {
    try {
      await desk.UnlockData(passphrase);
    } catch (err) {
      throw { problems: asFailure(err).problems.map((p) => (p.id.startsWith("vault.") ? { ...p, field: "passphrase" } : p)) };
    }
  }, onDone);
  return (
    <div className="page page--protection">
      <ErrorSummary problems={form.problems} fields={["passphrase"]} />
      <PageHeading>{t("protection.unlock.title")}</PageHeading>
      {notice.length > 0 && !form.problems.length && (
        <div className="inset" role="status">
          {notice.map((p, i) => (
            <p className="body" key={`${p.id}:${i}`}>
              {t(p.id, p.args)}
            </p>
          ))}
        </div>
      )}
      <p className="body">{t("protection.unlock.text")}</p>
      <Form onSubmit={form.submit} validationBehavior="aria">
        <TextInput name="passphrase" type="password" label={t("protection.passphrase.label")} value={passphrase} onChange={setPassphrase} error={form.error("passphrase")} autoComplete="current-password" width="20" />
        <Button type="submit" className="button">
          {t("protection.unlock.submit")}
        </Button>
      </Form>
    </div>
  );
}
