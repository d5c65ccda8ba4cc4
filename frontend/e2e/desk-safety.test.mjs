// End to end: the screens that protect the applicant and the data — the idle lock, and a
// damaged database that the app explains and leaves untouched. Screenshots and axe as elsewhere.
// Also the outside security test's findings on the Go bridge: who may open it (#5), what reaches the log (#12).
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import { callFromPage, callFromProcess } from "./bridge.mjs";
import { t } from "./catalog.mjs";
import { addAccount, createAdmin, dataPassphrase, signIn } from "./flows.mjs";
import { axeScreens, openPage, startApp, tempDir, useApp } from "./harness.mjs";
import { keysFor } from "./keys.mjs";
import { newSweep, switchLanguage } from "./sweep.mjs";

const e2e = useApp("safety", { app: false });

const screen = axeScreens("safety");

const heading = (page, text) => page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor({ timeout: 10000 });
const field = (page, id) => page.getByLabel(t("ja", id), { exact: true });
const click = (page, id) => page.getByRole("button", { name: t("ja", id), exact: true }).click();

test("a damaged database is explained and left as it was", async () => {
  const dir = tempDir("madoguchi-e2e-damaged-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "madoguchi.db");
  const garbage = "this is not a database ".repeat(200);
  writeFileSync(file, garbage);
  const app = await startApp(dir);
  e2e.defer(app.kill);
  const context = await e2e.browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(app.url);
  await heading(page, t("ja", "startupProblem.title"));
  assert.ok((await page.locator("main").innerText()).includes(file), "the message names the file");
  await screen(page, "damaged-database");
  await app.kill();
  assert.equal(readFileSync(file, "utf8"), garbage, "the damaged file is left untouched");
});

test("a PC without the data key asks for the passphrase before anything else; the same PC does not", async () => {
  const dir = tempDir("madoguchi-e2e-protect-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const pw = "kanrisha password 2026";
  let app = await startApp(dir);
  let page = await openPage(e2e.browser, app);
  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: pw });
  await app.kill();

  // The same PC: its keyring holds the key, so sign-in comes first.
  app = await startApp(dir);
  page = await openPage(e2e.browser, app);
  await heading(page, t("ja", "signin.title"));
  await app.kill();

  // Another PC (another keyring): the passphrase first, a wrong one said on its field.
  const otherPC = tempDir("madoguchi-e2e-otherpc-");
  e2e.defer(() => rmSync(otherPC, { recursive: true, force: true }));
  app = await startApp(dir, { configDir: otherPC });
  e2e.defer(app.kill);
  page = await openPage(e2e.browser, app);
  await heading(page, t("ja", "protection.unlock.title"));
  await screen(page, "unlock-data");
  await field(page, "protection.passphrase.label").fill("not the passphrase at all");
  await click(page, "protection.unlock.submit");
  await page.getByRole("alert").getByRole("link", { name: t("ja", "vault.error.wrongPassphrase") }).waitFor();
  await screen(page, "unlock-data-wrong");
  await field(page, "protection.passphrase.label").fill(dataPassphrase);
  await click(page, "protection.unlock.submit");
  await heading(page, t("ja", "signin.title"));
  await signIn(page, "ja", "kanri", pw);
  await heading(page, t("ja", "admin.title"));
});

test("an idle desk locks, hides the applicant, and resumes after the password", async () => {
  const dir = tempDir("madoguchi-e2e-lock-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = await startApp(dir);
  e2e.defer(app.kill);
  const page = await openPage(e2e.browser, app);
  const pw = "kanrisha password 2026";

  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: pw });

  // A wrong idle setting gets a message and keeps what was typed.
  await field(page, "admin.idle.label").fill("0");
  await page.getByRole("button", { name: t("ja", "admin.idle.submit"), exact: true }).click();
  await page.getByRole("alert").waitFor();
  await screen(page, "admin-idle-error");
  assert.equal(await field(page, "admin.idle.label").inputValue(), "0");
  await field(page, "admin.idle.label").fill("1");
  await page.getByRole("button", { name: t("ja", "admin.idle.submit"), exact: true }).click();
  await page.getByText(t("ja", "admin.idleSaved", { Count: 1 })).waitFor();

  // A counter clerk starts an application and types a name without saving it.
  const counterPw = "madoguchi counter pw";
  await addAccount(page, "ja", { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  await click(page, "header.signOut");
  await heading(page, t("ja", "signin.title"));
  await field(page, "signin.username.label").fill("tanaka");
  await field(page, "signin.password.label").fill(counterPw);
  await click(page, "signin.submit");
  await click(page, "counter.start");
  await heading(page, t("ja", "intake.language.title"));
  await page.getByRole("radio", { name: "日本語", exact: true }).check({ force: true });
  await click(page, "common.continue");
  await heading(page, t("ja", "intake.name.title"));
  await field(page, "intake.name.name.label").fill("鈴木 花子");

  // No one touches the desk for over a minute.
  await page.waitForTimeout(65_000);
  await heading(page, t("ja", "locked.title"));
  await screen(page, "locked");
  assert.ok(!(await page.content()).includes("鈴木"), "the locked screen holds nothing of the applicant");
  // The locked screen in every language (screens.test.mjs sweeps the others; only here is a desk left idle).
  const sweep = newSweep("safety");
  await sweep.screen(page, "locked", { title: (lang) => t(lang, "locked.title") });
  sweep.assertClean();
  await switchLanguage(page, "ja");

  await field(page, "locked.password.label").fill("wrong password 1234");
  await click(page, "locked.submit");
  await page.getByRole("alert").waitFor();
  await screen(page, "locked-wrong-password");
  // Unlocked with the keyboard alone (WCAG 2.1.1): over the wrong password, then Enter.
  const k = keysFor(page, "ja");
  await k.replaceIn("locked.password.label", counterPw);
  await k.press("Enter");
  await heading(page, t("ja", "intake.name.title"));
  assert.equal(await field(page, "intake.name.name.label").inputValue(), "鈴木 花子", "what was typed is back after unlocking");
});

// Security test #5: the dev and e2e builds serve the Go bridge on a local port, and the desk holds one session per
// process; a second WebSocket from anywhere else called the desk as the signed-in user (here the administrator's
// ListUsers, the staff list; RevealNumber the same way). Only the page this run serves may now.
test("the Go bridge answers only the page the app serves (security test #5)", async () => {
  const dir = tempDir("madoguchi-e2e-bridge-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = await startApp(dir);
  e2e.defer(app.kill);
  const page = await openPage(e2e.browser, app);
  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" });
  const staff = () => page.evaluate(() => window.go.desk.Desk.ListUsers().then((us) => us.map((u) => u.username)));
  assert.deepEqual(await staff(), ["kanri"], "the app's page calls the desk");

  const method = "desk.Desk.ListUsers";
  const key = `madoguchi-bridge-${new URL(app.origin).port}=${app.bridgeKey}`;
  for (const [who, headers] of [
    ["a process claiming a page elsewhere", { Origin: "http://evil.example" }],
    ["a process claiming the app's page, without the key", { Origin: app.origin }],
    ["a process with the key, claiming a page elsewhere", { Origin: "http://evil.example", Cookie: key }],
    ["a process with neither", {}],
  ]) {
    const got = await callFromProcess(app, headers, method);
    assert.deepEqual(got, { refused: 403 }, `${who} is refused the bridge`);
  }
  // The origin and the key together open it: the refusals above are the guard's, not a broken client's.
  const own = await callFromProcess(app, { Origin: app.origin, Cookie: key }, method);
  assert.deepEqual(own.answer?.result?.map((u) => u.username), ["kanri"], "the app's origin with the key is answered");

  // Pages in the browser that holds the key's cookie. One on another site: Chromium lets it reach this host only
  // from HTTPS and once the user allows "local network access" (other browsers do not ask); the browser sends it
  // no SameSite=Strict cookie, and its Origin is its own. One on another port of this host: same site, so the
  // cookie is sent; its Origin gives it away.
  const elsewhere = await servePage();
  e2e.defer(elsewhere.close);
  const ws = `${app.origin.replace(/^http/, "ws")}/wails/ipc`;
  const context = page.context();
  await context.route("https://evil.example/", (route) => route.fulfill({ contentType: "text/html", body: outsidePage }));
  await context.grantPermissions(["local-network-access"], { origin: "https://evil.example" });
  for (const [who, url] of [["a web page elsewhere", "https://evil.example/"], ["a page on another port of this host", elsewhere.url]]) {
    const outside = await context.newPage();
    await outside.goto(url);
    const got = await callFromPage(outside, ws, method);
    assert.equal(got.answer, undefined, `${who} called the desk: ${JSON.stringify(got)}`);
    await outside.close();
  }
  assert.deepEqual(await staff(), ["kanri"], "the app's page still calls the desk");
  await page.reload();
  await page.waitForFunction(() => !!window.go?.desk?.Desk);
  assert.deepEqual(await staff(), ["kanri"], "and again once reloaded, without the link");
});

const outsidePage = "<!doctype html><title>outside</title>";

// servePage serves outsidePage on another port of this host.
async function servePage() {
  const srv = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(outsidePage);
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((resolve) => srv.close(resolve)) };
}

// Security test #12: Wails logged a call whose arguments do not parse whole, password and names included.
test("a call whose arguments do not parse leaves none of them in the log (security test #12)", async () => {
  const dir = tempDir("madoguchi-e2e-calllog-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = await startApp(dir);
  e2e.defer(app.kill);
  const page = await openPage(e2e.browser, app);
  const pw = "kanrisha password 2026 -> never logged";
  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: pw });
  // A number for the user name. Not awaited: Wails answers a call whose arguments do not parse without the
  // "c" its runtime looks for, so the page's promise never settles.
  await page.evaluate((pw) => { window.go.desk.Desk.SignIn(4242, pw); }, pw);
  for (let i = 0; i < 20 && !app.log().includes("desk.Desk.SignIn"); i++) await page.waitForTimeout(100);
  assert.ok(!app.log().includes(pw), `the log holds the password:\n${app.log()}`);
  assert.match(app.log(), /call desk\.Desk\.SignIn -> error parsing arguments/, "the log says which call failed");
});
