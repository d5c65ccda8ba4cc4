import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { translate } from "./i18n";
import { completeAnswers, FakeDesk } from "./test/fakeDesk";
import { h1, renderApp } from "./test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);
const ja = (id: string, args?: Record<string, string | number>) => translate("ja", id, args);

function inputValues() {
  return Array.from(document.querySelectorAll("input, textarea")).map((el) => (el as HTMLInputElement).value);
}

// A counter clerk in the middle of an application: the name typed but not yet saved.
async function midApplication() {
  const r = await renderApp({ signedIn: "counter", staffLanguage: "en" });
  r.fake.seedApplication({ ...completeAnswers, alias: "" }, { step: "name" });
  fireEvent.change(screen.getByRole("searchbox"), { target: { value: "NGUYEN" } });
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  fireEvent.click(within(await screen.findByRole("table")).getByRole("link", { name: "NGUYEN VAN AN" }));
  await h1(en("intake.name.title"));
  fireEvent.change(screen.getByRole("textbox", { name: en("intake.name.alias.label") }), { target: { value: "SUZUKI HANAKO" } });
  return r;
}

describe("first run and sign-in", () => {
  test("first run asks for the administrator account, with the error summary pattern", async () => {
    const { fake } = await renderApp({ needsAdmin: true });
    await h1(/Create the administrator account|管理者アカウントを作成/);
    const t = document.documentElement.lang === "ja" ? ja : en;
    fireEvent.change(screen.getByLabelText(t("account.username.label")), { target: { value: "kanri" } });
    fireEvent.click(screen.getByRole("button", { name: t("createAdmin.submit") }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: t("auth.user.displayName.error.required") })).toBeTruthy();
    expect((screen.getByLabelText(t("account.username.label")) as HTMLInputElement).value).toBe("kanri");

    fireEvent.change(screen.getByLabelText(t("account.displayName.label")), { target: { value: "Kanri Taro" } });
    fireEvent.change(screen.getByLabelText(t("account.password.label")), { target: { value: "a long pass phrase" } });
    fireEvent.change(screen.getByLabelText(t("account.confirm.label")), { target: { value: "a long pass phrase" } });
    fireEvent.click(screen.getByRole("button", { name: t("createAdmin.submit") }));
    await h1(t("admin.title"));
    expect(fake.callsTo("CreateAdmin")).toHaveLength(2);
  });

  test("a new database asks for the data passphrase before the administrator account, keeping what was typed", async () => {
    const { fake } = await renderApp({ needsAdmin: true, protection: "needsSetup" });
    const t = document.documentElement.lang === "ja" ? ja : en;
    await h1(t("protection.setup.title"));
    fireEvent.change(screen.getByLabelText(t("protection.passphrase.label")), { target: { value: "long enough data passphrase" } });
    fireEvent.change(screen.getByLabelText(t("protection.passphraseConfirm.label")), { target: { value: "long enough data passphrasf" } });
    fireEvent.click(screen.getByRole("button", { name: t("protection.setup.submit") }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: t("vault.passphrase.error.mismatch") })).toBeTruthy();
    expect((screen.getByLabelText(t("protection.passphrase.label")) as HTMLInputElement).value).toBe("long enough data passphrase");
    fireEvent.change(screen.getByLabelText(t("protection.passphraseConfirm.label")), { target: { value: "long enough data passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: t("protection.setup.submit") }));
    await h1(/Create the administrator account|管理者アカウントを作成/);
    expect(fake.protection).toBe("open");
  });

  test("a PC without the data key asks for the passphrase before sign-in; a wrong one is said on its field", async () => {
    await renderApp({ protection: "locked" });
    const t = document.documentElement.lang === "ja" ? ja : en;
    await h1(t("protection.unlock.title"));
    fireEvent.change(screen.getByLabelText(t("protection.passphrase.label")), { target: { value: "wrong passphrase here" } });
    fireEvent.click(screen.getByRole("button", { name: t("protection.unlock.submit") }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: t("vault.error.wrongPassphrase") })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(t("protection.passphrase.label")), { target: { value: "long enough data passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: t("protection.unlock.submit") }));
    await h1(/Sign in|サインイン/);
  });

  test("sign in shows the counter home in the user's staff language, <html lang> following it", async () => {
    const { fake } = await renderApp();
    fake.users[1].staffLanguage = "ja";
    fireEvent.change(screen.getByLabelText(/Username|ユーザー名/), { target: { value: "tanaka" } });
    fireEvent.change(screen.getByLabelText(/^(Password|パスワード)$/), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: /^(Sign in|サインイン)$/ }));
    await h1(ja("counter.title"));
    expect(document.documentElement.lang).toBe("ja");
    expect(screen.getByRole("button", { name: "新しい申請を始める" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "次の方へ" })).toBeTruthy();
    expect(screen.getByText(ja("header.signedInAs", { Name: "田中 花子", Role: ja("auth.role.counter") }))).toBeTruthy();
  });

  test("after sign-in <main> is marked busy until the desk has asked Boot again, and then not", async () => {
    const { fake } = await renderApp();
    fake.users[1].staffLanguage = "en";
    let answer: () => void = () => {};
    const boot = fake.Boot.bind(fake);
    fake.Boot = () => new Promise((resolve) => (answer = () => resolve(boot())));
    fireEvent.change(screen.getByLabelText(/Username|ユーザー名/), { target: { value: "tanaka" } });
    fireEvent.change(screen.getByLabelText(/^(Password|パスワード)$/), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: /^(Sign in|サインイン)$/ }));
    await h1(en("counter.title"));
    const main = screen.getByRole("main");
    expect(main.getAttribute("aria-busy")).toBe("true");
    act(() => answer());
    await waitFor(() => expect(main.getAttribute("aria-busy")).toBeNull());
  });

  test("an unfinished application of this user is offered after signing in, without the applicant's name", async () => {
    const { fake } = await renderApp();
    fake.users[1].staffLanguage = "en";
    fake.seedApplication({ applicantLanguage: "en", name: "NGUYEN VAN AN" });
    fireEvent.change(screen.getByLabelText(/Username|ユーザー名/), { target: { value: "tanaka" } });
    fireEvent.change(screen.getByLabelText(/^(Password|パスワード)$/), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: /^(Sign in|サインイン)$/ }));
    const resume = await screen.findByRole("button", { name: en("counter.resume.button", { Number: 1 }) });
    expect(document.body.textContent).not.toContain("NGUYEN");
    fireEvent.click(resume);
    await h1(en("intake.kana.title"));
  });

  test("a wrong password is reported in the error summary", async () => {
    await renderApp();
    fireEvent.change(screen.getByLabelText(/Username|ユーザー名/), { target: { value: "tanaka" } });
    fireEvent.change(screen.getByLabelText(/^(Password|パスワード)$/), { target: { value: "nope" } });
    fireEvent.click(screen.getByRole("button", { name: /^(Sign in|サインイン)$/ }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toMatch(new RegExp(`${en("auth.signin.error.invalid")}|${ja("auth.signin.error.invalid")}`));
  });
});

describe("next applicant", () => {
  test("leaves no applicant name anywhere in the page and returns to an empty counter home", async () => {
    const { fake } = await midApplication();
    expect(document.body.textContent + inputValues().join(" ")).toContain("SUZUKI HANAKO");
    fireEvent.click(screen.getByRole("button", { name: "Next applicant" }));
    const heading = await h1(en("counter.title"));
    expect(fake.callsTo("NextApplicant")).toHaveLength(1);
    const everything = document.body.innerHTML + inputValues().join(" ");
    for (const trace of ["NGUYEN", "SUZUKI", "グエン", "160-0023"]) expect(everything).not.toContain(trace);
    expect((screen.getByRole("searchbox") as HTMLInputElement).value).toBe("");
    expect(document.activeElement).toBe(heading);
  });
});

describe("the idle lock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("when a call finds the desk locked, the Locked screen shows no applicant data; unlocking resumes", async () => {
    const { fake } = await midApplication();
    fake.lock();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("locked.title"));
    const everything = document.body.innerHTML + inputValues().join(" ");
    for (const trace of ["NGUYEN", "SUZUKI", "グエン", "160-0023", "090-1234"]) expect(everything).not.toContain(trace);
    expect(screen.queryByRole("button", { name: "Next applicant" })).toBeNull();

    fireEvent.change(screen.getByLabelText(en("locked.password.label")), { target: { value: "wrong" } });
    fireEvent.click(screen.getByRole("button", { name: en("locked.submit") }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toContain(en("auth.signin.error.invalid"));

    fireEvent.change(screen.getByLabelText(en("locked.password.label")), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: en("locked.submit") }));
    await h1(en("intake.name.title"));
    expect(fake.callsTo("GetApplication").at(-1)).toEqual([1]);
    // What was typed but not saved before the lock is given back.
    expect((screen.getByRole("textbox", { name: en("intake.name.alias.label") }) as HTMLInputElement).value).toBe("SUZUKI HANAKO");
  });

  test("when another desk changed the data key, the data is opened again and the page comes back as it was", async () => {
    const { fake } = await midApplication();
    fake.rotateElsewhere();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("protection.unlock.title"));
    expect(screen.getByRole("status").textContent).toContain(en("vault.error.keyChanged"));
    expect(document.body.innerHTML + inputValues().join(" ")).not.toMatch(/NGUYEN|SUZUKI/);

    fireEvent.change(screen.getByLabelText(en("protection.passphrase.label")), { target: { value: FakeDesk.passphrase } });
    fireEvent.click(screen.getByRole("button", { name: en("protection.unlock.submit") }));
    await h1(en("intake.name.title"));
    expect(fake.callsTo("UnlockData")).toHaveLength(1);
    // What was typed but not saved when the key changed is given back.
    expect((screen.getByRole("textbox", { name: en("intake.name.alias.label") }) as HTMLInputElement).value).toBe("SUZUKI HANAKO");
  });

  test("the locked screen can be read in another language; unlocking returns to the user's own", async () => {
    const { fake } = await midApplication();
    fake.lock();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("locked.title"));
    fireEvent.click(screen.getByRole("button", { name: new RegExp(en("header.staffLanguage.label")) }));
    fireEvent.click(await screen.findByRole("option", { name: ja("meta.language.name") }));
    await h1(ja("locked.title"));
    expect(document.documentElement.lang).toBe("ja");
    expect(fake.callsTo("SetStaffLanguage")).toEqual([]); // the user's setting waits for the unlocked session

    fireEvent.change(screen.getByLabelText(ja("locked.password.label")), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: ja("locked.submit") }));
    await h1(en("intake.name.title"));
    expect(document.documentElement.lang).toBe("en");
  });

  test("after idleMinutes without activity the desk locks by itself", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await midApplication();
    await act(async () => {
      vi.advanceTimersByTime(4 * 60_000);
    });
    expect(screen.queryByRole("heading", { level: 1, name: en("locked.title") })).toBeNull();
    fireEvent.keyDown(document.body, { key: "a" }); // activity resets the clock
    await act(async () => {
      vi.advanceTimersByTime(4 * 60_000);
    });
    expect(screen.queryByRole("heading", { level: 1, name: en("locked.title") })).toBeNull();
    await act(async () => {
      vi.advanceTimersByTime(61_000);
    });
    await h1(en("locked.title"));
    expect(document.body.innerHTML + inputValues().join(" ")).not.toMatch(/NGUYEN|SUZUKI/);
    // Signing out from the locked desk forgets the unsaved values too.
    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await h1(en("signin.title"));
  });

  test("activity is reported to the desk at most once every 20 seconds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { fake } = await renderApp({ signedIn: "counter", staffLanguage: "en" });
    await act(async () => {
      vi.advanceTimersByTime(21_000);
    });
    for (let i = 0; i < 5; i++) fireEvent.pointerDown(document.body);
    expect(fake.callsTo("Touch")).toHaveLength(1);
    await act(async () => {
      vi.advanceTimersByTime(21_000);
    });
    fireEvent.keyDown(document.body, { key: "x" });
    await waitFor(() => expect(fake.callsTo("Touch")).toHaveLength(2));
  });

  test("a desk that boots locked asks for the password first", async () => {
    await renderApp({ signedIn: "counter", locked: true, staffLanguage: "en" });
    await h1(en("locked.title"));
    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await h1(en("signin.title"));
  });

  // Security test #14: a passer-by at the counter must not learn who is signed in from the locked screen, whether
  // the desk locked while running or the window was reloaded locked (Boot then names no one).
  test("the locked screen names no one", async () => {
    const { fake } = await midApplication();
    const clerk = fake.users.find((u) => u.username === "tanaka")!;
    fake.lock();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("locked.title"));
    for (const name of [clerk.displayName, "田中", clerk.username]) expect(document.body.textContent).not.toContain(name);
    expect(screen.getByText(en("locked.text"))).toBeTruthy();
  });

  test("a desk that boots locked names no one either", async () => {
    const { fake } = await renderApp({ signedIn: "counter", locked: true, staffLanguage: "en" });
    await h1(/This desk is locked|この端末はロックされています/);
    for (const name of ["田中", "tanaka"]) expect(document.body.textContent).not.toContain(name);
    expect((await fake.Boot()).user).toBeNull();
  });

  test("the third wrong password at the locked screen signs out, and the sign-in screen says why", async () => {
    const { fake } = await midApplication();
    fake.lock();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("locked.title"));
    const password = screen.getByLabelText(en("locked.password.label"));
    for (let i = 1; i < 3; i++) {
      fireEvent.change(password, { target: { value: `wrong ${i}` } });
      fireEvent.click(screen.getByRole("button", { name: en("locked.submit") }));
      await waitFor(() => expect(fake.callsTo("Unlock")).toHaveLength(i));
      expect((await screen.findByRole("alert")).textContent).toContain(en("auth.signin.error.invalid"));
    }
    fireEvent.change(password, { target: { value: "wrong 3" } });
    fireEvent.click(screen.getByRole("button", { name: en("locked.submit") }));
    await h1(/Sign in|サインイン/);
    expect(document.body.textContent).toContain(translate(document.documentElement.lang, "auth.unlock.error.signedOut"));
    expect(document.body.innerHTML + inputValues().join(" ")).not.toMatch(/NGUYEN|SUZUKI/);
    expect(fake.session).toBeNull();
  });
});

describe("the staff language", () => {
  test("can be changed from the header, and the screens redraw in it", async () => {
    const { fake } = await renderApp({ signedIn: "counter", staffLanguage: "en" });
    fireEvent.click(screen.getByRole("button", { name: /Screen language/ }));
    fireEvent.click(await screen.findByRole("option", { name: "日本語" }));
    await h1(ja("counter.title"));
    expect(fake.callsTo("SetStaffLanguage")).toEqual([["ja"]]);
    expect(document.documentElement.lang).toBe("ja");
  });
});
