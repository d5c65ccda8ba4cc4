import { useEffect, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import type { Account, Language, Org, Role, User } from "../api";
import { ErrorSummary, useFormProblems } from "../components/ErrorSummary";
import { SelectChoice, TextInput } from "../components/fields";
import { SuccessBanner } from "../components/Notice";
import { PageHeading } from "../components/PageHeading";
import { desk } from "../desk";
import { dateTime, halfWidthDigits } from "../format";
import { useStaffLanguage, useT } from "../language";
import { OrgDirectory } from "./OrgDirectory";
import { orgName } from "../format";

const roles: Role[] = ["counter", "supervisor", "ngo", "callcentre", "admin"];
const userFields = ["username", "displayName", "role", "password", "confirm"];
const emptyUser = { username: "", displayName: "", role: "", password: "", confirm: "" };

type Done =
  | { kind: "user"; user: User }
  | { kind: "idle"; minutes: number }
  | { kind: "retention"; days: number }
  | { kind: "org"; user: User }
  | { kind: "unlocked"; user: Account }
  | null;

// AdminScreen: the staff accounts, a form to add one, and the idle-lock time. One error summary for the page,
// about the form last sent.
export function AdminScreen({ idleMinutes, onIdleMinutes, languages = [] }: { idleMinutes: number; onIdleMinutes: (n: number) => void; languages?: Language[] }) {
  const t = useT();
  const [users, setUsers] = useState<Account[] | null>(null);
  const [v, setV] = useState(emptyUser);
  const [minutes, setMinutes] = useState(String(idleMinutes));
  const [retention, setRetention] = useState("");
  const [done, setDone] = useState<Done>(null);
  const [busy, setBusy] = useState(false);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [orgForm, setOrgForm] = useState({ user: "", org: "" });
  // One outcome on the page at a time: each form sent here counts, and the directory below clears its own banner
  // and errors when the count moves (and tells us when it sent one, through onActed).
  const [acted, setActed] = useState(0);
  const lang = useStaffLanguage();
  const { problems, fields, error, fail, clear: clearProblems } = useFormProblems(() => setDone(null));
  const set = (k: keyof typeof emptyUser) => (value: string) => setV((prev) => ({ ...prev, [k]: value }));

  async function load() {
    try {
      setOrgs(await desk.ListOrgs());
      setUsers(await desk.ListUsers());
    } catch (err) {
      fail(err, []);
    }
  }

  useEffect(() => {
    void load();
    desk.NumberRetentionDays().then((d) => setRetention(String(d)), (err: unknown) => fail(err, []));
  }, []);

  async function createUser(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const user = await desk.CreateUser(v.username, v.displayName, v.role as Role, v.password, v.confirm);
      clearProblems();
      setV(emptyUser);
      setDone({ kind: "user", user });
      void load();
    } catch (err) {
      fail(err, userFields);
    } finally {
      setBusy(false);
      setActed((a) => a + 1);
    }
  }

  async function saveUserOrg(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const user = await desk.SetUserOrg(Number(orgForm.user), orgForm.org);
      clearProblems();
      setDone({ kind: "org", user });
      void load();
    } catch (err) {
      fail(err, ["orgUser", "org"]);
    } finally {
      setBusy(false);
      setActed((a) => a + 1);
    }
  }

  // unlock lifts a lock set by wrong passwords before it ends by itself (the hint says when to).
  async function unlock(user: Account) {
    if (busy) return;
    setBusy(true);
    try {
      const unlocked = await desk.UnlockUser(user.id);
      clearProblems();
      setDone({ kind: "unlocked", user: unlocked });
      void load();
    } catch (err) {
      fail(err, []);
    } finally {
      setBusy(false);
      setActed((a) => a + 1);
    }
  }

  async function saveIdle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const n = Number(halfWidthDigits(minutes).trim());
    try {
      const saved = await desk.SetIdleMinutes(minutes.trim() !== "" && Number.isFinite(n) ? Math.trunc(n) : 0);
      clearProblems();
      setMinutes(String(saved));
      setDone({ kind: "idle", minutes: saved });
      onIdleMinutes(saved);
    } catch (err) {
      fail(err, ["idleMinutes"]);
    } finally {
      setBusy(false);
      setActed((a) => a + 1);
    }
  }

  async function saveRetention(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const n = Number(halfWidthDigits(retention).trim());
    try {
      const saved = await desk.SetNumberRetentionDays(retention.trim() !== "" && Number.isFinite(n) ? Math.trunc(n) : -1);
      clearProblems();
      setRetention(String(saved));
      setDone({ kind: "retention", days: saved });
    } catch (err) {
      fail(err, ["retentionDays"]);
    } finally {
      setBusy(false);
      setActed((a) => a + 1);
    }
  }

  return (
    <div className="page page--admin">
      <ErrorSummary problems={problems} fields={fields} />
      {done?.kind === "user" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("admin.userCreated", { Name: done.user.displayName, Username: done.user.username })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "unlocked" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("admin.unlocked", { Name: done.user.displayName, Username: done.user.username })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "idle" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("admin.idleSaved", { Count: done.minutes })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "retention" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("admin.retention.saved", { Days: done.days })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "org" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">
            {done.user.org
              ? t("admin.org.saved", { Name: done.user.displayName, Org: orgName(orgs.find((o) => o.id === done.user.org) ?? { nameJa: done.user.org, nameEn: done.user.org }, lang) })
              : t("admin.org.cleared", { Name: done.user.displayName })}
          </p>
        </SuccessBanner>
      )}
      <PageHeading>{t("admin.title")}</PageHeading>

      <h2 className="heading-m">{t("admin.users.heading")}</h2>
      {users?.some((u) => u.lockedUntil) && <p className="body">{t("admin.users.lockHint")}</p>}
      {users && (
        <table className="table">
          <caption className="visually-hidden">{t("admin.users.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("account.username.label")}</th>
              <th scope="col">{t("account.displayName.label")}</th>
              <th scope="col">{t("account.role.label")}</th>
              <th scope="col">{t("admin.org.label")}</th>
              <th scope="col">{t("admin.users.signIn")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{t(`auth.role.${u.role}`)}</td>
                <td>{u.org ? orgName(orgs.find((o) => o.id === u.org) ?? { nameJa: u.org, nameEn: u.org }, lang) : ""}</td>
                <td>
                  {u.lockedUntil && (
                    <>
                      {t("admin.users.lockedUntil", { Time: dateTime(lang, u.lockedUntil) })}{" "}
                      <Button
                        className="button button--secondary button--small"
                        aria-label={t("admin.users.unlock.label", { Name: u.displayName, Username: u.username })}
                        onPress={() => void unlock(u)}
                      >
                        {t("admin.users.unlock.button")}
                      </Button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="heading-m">{t("admin.newUser.heading")}</h2>
      <Form onSubmit={createUser} validationBehavior="aria" aria-label={t("admin.newUser.heading")}>
        <TextInput name="username" label={t("account.username.label")} hint={t("account.username.hint")} value={v.username} onChange={set("username")} error={error("username")} width="20" />
        <TextInput name="displayName" label={t("account.displayName.label")} hint={t("account.displayName.hint")} value={v.displayName} onChange={set("displayName")} error={error("displayName")} width="20" />
        <SelectChoice
          name="role"
          label={t("account.role.label")}
          options={roles.map((r) => ({ value: r, label: t(`auth.role.${r}`) }))}
          value={v.role}
          onChange={set("role")}
          error={error("role")}
        />
        <TextInput name="password" type="password" label={t("account.password.label")} hint={t("account.password.hint")} value={v.password} onChange={set("password")} error={error("password")} autoComplete="new-password" width="20" />
        <TextInput name="confirm" type="password" label={t("account.confirm.label")} value={v.confirm} onChange={set("confirm")} error={error("confirm")} autoComplete="new-password" width="20" />
        <Button type="submit" className="button">
          {t("admin.newUser.submit")}
        </Button>
      </Form>

      <h2 className="heading-m" id="admin-org-heading">
        {t("admin.org.heading")}
      </h2>
      <p className="body">{t("admin.org.intro")}</p>
      <Form onSubmit={saveUserOrg} validationBehavior="aria" aria-labelledby="admin-org-heading">
        <SelectChoice
          name="orgUser"
          label={t("admin.org.user.label")}
          options={(users ?? []).filter((u) => u.role === "ngo").map((u) => ({ value: String(u.id), label: `${u.displayName} (${u.username})` }))}
          value={orgForm.user}
          onChange={(user) => setOrgForm((p) => ({ ...p, user }))}
          error={error("orgUser")}
        />
        <SelectChoice
          name="org"
          label={t("admin.org.label")}
          options={[{ value: "", label: t("admin.org.none") }, ...orgs.map((o) => ({ value: o.id, label: orgName(o, lang) }))]}
          value={orgForm.org}
          onChange={(org) => setOrgForm((p) => ({ ...p, org }))}
          error={error("org")}
        />
        <Button type="submit" className="button button--secondary">
          {t("admin.org.submit")}
        </Button>
      </Form>

      <h2 className="heading-m">{t("admin.idle.heading")}</h2>
      <Form onSubmit={saveIdle} validationBehavior="aria" aria-label={t("admin.idle.heading")}>
        <TextInput name="idleMinutes" label={t("admin.idle.label")} hint={t("admin.idle.hint")} value={minutes} onChange={setMinutes} error={error("idleMinutes")} inputMode="numeric" width="4" />
        <Button type="submit" className="button button--secondary">
          {t("admin.idle.submit")}
        </Button>
      </Form>

      <h2 className="heading-m">{t("admin.retention.heading")}</h2>
      <Form onSubmit={saveRetention} validationBehavior="aria" aria-label={t("admin.retention.heading")}>
        <TextInput name="retentionDays" label={t("admin.retention.label")} hint={t("admin.retention.hint")} value={retention} onChange={setRetention} error={error("retentionDays")} inputMode="numeric" width="4" />
        <Button type="submit" className="button button--secondary">
          {t("admin.retention.submit")}
        </Button>
      </Form>

      <OrgDirectory
        onChanged={() => void load()}
        quiet={acted}
        onActed={() => {
          setDone(null);
          clearProblems();
        }}
      />

      <LanguageTable languages={languages} />
    </div>
  );
}

// NoScreensForRole is what roles without screens in this version see (NGO caseworkers).
export function NoScreensForRole() {
  const t = useT();
  return (
    <div className="page">
      <PageHeading>{t("noScreens.title")}</PageHeading>
      <p className="body">{t("noScreens.text")}</p>
    </div>
  );
}

// LanguageTable says, for each language of the catalog, how its texts were made: staff need to know that a
// machine translation read to an applicant has not been checked by a native speaker yet.
function LanguageTable({ languages }: { languages: Language[] }) {
  const t = useT();
  if (!languages.length) return null;
  return (
    <>
      <h2 className="heading-m">{t("admin.languages.heading")}</h2>
      <table className="table">
        <caption className="visually-hidden">{t("admin.languages.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.languages.language")}</th>
            <th scope="col">{t("admin.languages.status")}</th>
            <th scope="col">{t("admin.languages.note")}</th>
          </tr>
        </thead>
        <tbody>
          {languages.map((l) => (
            <tr key={l.tag}>
              <td lang={l.tag}>{l.name}</td>
              <td>{t(`admin.languages.status.${l.status ?? "machine"}`)}</td>
              <td lang={l.tag}>{l.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
