// End to end with the keyboard alone (WCAG 2.1.1): a counter clerk takes an assisted application from the counter
// home to the confirmation without the mouse. Accounts are set up first with the usual helpers; from the counter
// home on, every action is a key press: Tab to reach a control, typing, arrows for radios and lists, Enter.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, createAdmin, heading, signIn, signOut } from "./flows.mjs";
import { artefacts, check, launchBrowser, openPage, startApp, tempDir } from "./harness.mjs";

const ja = "ja";
let chromium, app, dataDir;

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  dataDir = tempDir("madoguchi-e2e-keyboard-");
  chromium = await launchBrowser();
  app = await startApp(dataDir);
});

after(async () => {
  await app?.kill();
  await chromium?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let presses = 0;
async function press(page, key) {
  presses++;
  await page.keyboard.press(key);
}

async function isFocused(locator) {
  return locator.evaluate((el) => el === document.activeElement);
}

// tabTo presses Tab until the control has focus: what a keyboard user does to reach it.
async function tabTo(page, locator, max = 80) {
  await locator.waitFor();
  for (let i = 0; i < max; i++) {
    if (await isFocused(locator)) return;
    await press(page, "Tab");
  }
  throw new Error(`Tab never reached ${locator}`);
}

async function typeInto(page, label, text) {
  await tabTo(page, page.getByLabel(t(ja, label), { exact: true }));
  await page.keyboard.type(text);
}

async function pressButton(page, id) {
  await tabTo(page, page.getByRole("button", { name: t(ja, id), exact: true }));
  await press(page, "Enter");
}

// pickRadio reaches the radio group with Tab (which lands on its checked or first radio) and moves with the
// arrow keys to the one wanted; Space checks it when it is the first.
async function pickRadio(page, name) {
  const target = page.getByRole("radio", { name, exact: true });
  await target.waitFor({ state: "attached" });
  const group = page.getByRole("radiogroup").filter({ has: target });
  const radios = group.getByRole("radio");
  for (let i = 0; i < 80 && !(await radios.evaluateAll((els) => els.includes(document.activeElement))); i++) await press(page, "Tab");
  for (let i = 0; i < 20 && !(await isFocused(target)); i++) await press(page, "ArrowDown");
  if (!(await target.isChecked())) await press(page, " ");
  assert.ok(await target.isChecked(), `${name} is chosen`);
}

// pickOption opens a list (react-aria Select: a button named by its label) from the keyboard and moves down to
// the option wanted.
async function pickOption(page, label, option) {
  await tabTo(page, page.getByRole("button", { name: new RegExp(label) }));
  await press(page, "ArrowDown"); // opens the list on its first (or selected) option
  const target = page.getByRole("option", { name: option, exact: true });
  await target.waitFor();
  for (let i = 0; i < 30 && !(await isFocused(target)); i++) await press(page, "ArrowDown");
  await press(page, "Enter");
}

async function keyboardSignIn(page, username, password) {
  await heading(page, t(ja, "signin.title"));
  await typeInto(page, "signin.username.label", username);
  await typeInto(page, "signin.password.label", password);
  await press(page, "Enter");
}

async function keyboardAccount(page, { username, displayName, role, password }) {
  await typeInto(page, "account.username.label", username);
  await typeInto(page, "account.displayName.label", displayName);
  await pickOption(page, t(ja, "account.role.label"), t(ja, `auth.role.${role}`));
  await typeInto(page, "account.password.label", password);
  await typeInto(page, "account.confirm.label", password);
  await pressButton(page, "admin.newUser.submit");
  await page.getByText(t(ja, "admin.userCreated", { Name: displayName, Username: username })).waitFor();
}

async function answer(page, step, fill) {
  await heading(page, t(ja, `intake.${step}.title`));
  await fill();
  await pressButton(page, "common.continue");
}

test("an assisted application from the counter home to the confirmation with the keyboard alone", async () => {
  const page = await openPage(chromium.browser, app);
  const pw = "madoguchi counter pw";
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor();
  await addAccount(page, ja, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: pw });
  await signOut(page, ja);
  await signIn(page, ja, "tanaka", pw);
  await heading(page, t(ja, "counter.title"));

  // From here on: the keyboard only.
  await pressButton(page, "counter.start");
  await answer(page, "language", () => pickRadio(page, "日本語"));
  await answer(page, "name", () => typeInto(page, "intake.name.name.label", "鍵盤 操子"));
  await answer(page, "kana", () => typeInto(page, "intake.kana.nameKana.label", "ケンバン ソウコ"));
  await answer(page, "birth", async () => {
    await pickRadio(page, t(ja, "intake.birth.birthCalendar.option.gregorian"));
    await typeInto(page, "intake.birth.birthYear.label", "1988");
    await typeInto(page, "intake.birth.birthMonth.label", "2");
    await typeInto(page, "intake.birth.birthDay.label", "29");
  });
  await answer(page, "sex", () => pickRadio(page, t(ja, "intake.sex.sex.option.female")));
  await answer(page, "address", async () => {
    await typeInto(page, "intake.address.postalCode.label", "1600023");
    await typeInto(page, "intake.address.address.label", "東京都新宿区西新宿二丁目8番1号");
  });
  await answer(page, "nationality", async () => {
    const box = page.getByRole("combobox", { name: t(ja, "intake.nationality.nationality.label") });
    await tabTo(page, box);
    await page.keyboard.type("日本");
    await page.getByRole("option", { name: "日本", exact: true }).waitFor();
    await press(page, "ArrowDown");
    await press(page, "Enter");
  });
  await answer(page, "contact", () => typeInto(page, "intake.contact.phone.label", "090-1111-2222"));
  await answer(page, "number", () => pickRadio(page, t(ja, "intake.number.recordNumber.option.no")));
  await heading(page, t(ja, "checkAnswers.title"));
  const body = await page.locator("main").innerText();
  for (const s of ["鍵盤 操子", "ケンバン ソウコ", "1988", "160-0023", "090-1111-2222"]) assert.ok(body.includes(s), `check answers shows ${s}`);
  const violations = await check(page, "keyboard-check-answers");
  assert.deepEqual(violations, []);
  await pressButton(page, "checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await check(page, "keyboard-confirmation");
  console.log(`keyboard only: ${presses} key presses besides the typed text`);
  await pressButton(page, "header.signOut");
  await heading(page, t(ja, "signin.title"));
});

test("accounts and the audit trail with the keyboard alone: an administrator adds staff, a supervisor filters and exports", async () => {
  const page = await openPage(chromium.browser, app); // the installation of the first test, its administrator
  await keyboardSignIn(page, "kanri", "kanrisha password 2026");
  await heading(page, t(ja, "admin.title"));
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor();
  await keyboardAccount(page, { username: "sato", displayName: "佐藤 次郎", role: "supervisor", password: "sekininsha password 1" });
  await pressButton(page, "header.signOut");

  await keyboardSignIn(page, "sato", "sekininsha password 1");
  await heading(page, t(ja, "counter.title"));
  await tabTo(page, page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.audit"), exact: true }));
  await press(page, "Enter");
  await heading(page, t(ja, "audit.title"));
  await page.locator("table").waitFor();
  await pickOption(page, t(ja, "audit.filter.staff.label"), t(ja, "audit.filter.staff.option", { Name: "田中 一郎", Username: "tanaka" }));
  await pressButton(page, "audit.filter.apply");
  await page.getByText(/件/).first().waitFor();
  await pressButton(page, "audit.export.submit");
  await page.locator(".audit-export__path code").waitFor();
  const violations = await check(page, "keyboard-audit-export");
  assert.deepEqual(violations, []);
  console.log(`keyboard only, both tests: ${presses} key presses besides the typed text`);
});
