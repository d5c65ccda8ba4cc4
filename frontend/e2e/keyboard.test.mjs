// End to end with the keyboard alone (WCAG 2.1.1): a counter clerk takes an assisted application from the counter
// home to the confirmation without the mouse. Accounts are set up first with the usual helpers; from the counter
// home on, every action is a key press: Tab to reach a control, typing, arrows for radios and lists, Enter.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, createAdmin, heading, signIn, signOut } from "./flows.mjs";
import { artefacts, check, launchBrowser, openPage, startApp, tempDir } from "./harness.mjs";
import { keysFor } from "./keys.mjs";

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

async function keyboardAccount(page, k, { username, displayName, role, password }) {
  await k.typeInto("account.username.label", username);
  await k.typeInto("account.displayName.label", displayName);
  await k.pickOption(t(ja, "account.role.label"), t(ja, `auth.role.${role}`));
  await k.typeInto("account.password.label", password);
  await k.typeInto("account.confirm.label", password);
  await k.pressButton("admin.newUser.submit");
  await page.getByText(t(ja, "admin.userCreated", { Name: displayName, Username: username })).waitFor();
}

async function answer(page, k, step, fill) {
  await heading(page, t(ja, `intake.${step}.title`));
  await fill();
  await k.pressButton("common.continue");
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
  const k = keysFor(page, ja);
  await k.pressButton("counter.start");
  await answer(page, k, "language", () => k.pickRadio("日本語"));
  await answer(page, k, "name", () => k.typeInto("intake.name.name.label", "鍵盤 操子"));
  await answer(page, k, "kana", () => k.typeInto("intake.kana.nameKana.label", "ケンバン ソウコ"));
  await answer(page, k, "birth", async () => {
    await k.pickRadio(t(ja, "intake.birth.birthCalendar.option.gregorian"));
    await k.typeInto("intake.birth.birthYear.label", "1988");
    await k.typeInto("intake.birth.birthMonth.label", "2");
    await k.typeInto("intake.birth.birthDay.label", "29");
  });
  await answer(page, k, "sex", () => k.pickRadio(t(ja, "intake.sex.sex.option.female")));
  await answer(page, k, "address", async () => {
    await k.typeInto("intake.address.postalCode.label", "1600023");
    await k.typeInto("intake.address.address.label", "東京都新宿区西新宿二丁目8番1号");
  });
  await answer(page, k, "nationality", async () => {
    const box = page.getByRole("combobox", { name: t(ja, "intake.nationality.nationality.label") });
    await k.tabTo(box);
    await page.keyboard.type("日本");
    await page.getByRole("option", { name: "日本", exact: true }).waitFor();
    await k.press("ArrowDown");
    await k.press("Enter");
  });
  await answer(page, k, "contact", () => k.typeInto("intake.contact.phone.label", "090-1111-2222"));
  await answer(page, k, "number", () => k.pickRadio(t(ja, "intake.number.recordNumber.option.no")));
  await heading(page, t(ja, "checkAnswers.title"));
  const body = await page.locator("main").innerText();
  for (const s of ["鍵盤 操子", "ケンバン ソウコ", "1988", "160-0023", "090-1111-2222"]) assert.ok(body.includes(s), `check answers shows ${s}`);
  const violations = await check(page, "keyboard-check-answers");
  assert.deepEqual(violations, []);
  await k.pressButton("checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await check(page, "keyboard-confirmation");
  console.log(`keyboard only: ${k.presses} key presses besides the typed text`);
  await k.pressButton("header.signOut");
  await heading(page, t(ja, "signin.title"));
});

test("accounts and the audit trail with the keyboard alone: an administrator adds staff, a supervisor filters and exports", async () => {
  const page = await openPage(chromium.browser, app); // the installation of the first test, its administrator
  const k = keysFor(page, ja);
  await k.signIn("kanri", "kanrisha password 2026");
  await heading(page, t(ja, "admin.title"));
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor();
  await keyboardAccount(page, k, { username: "sato", displayName: "佐藤 次郎", role: "supervisor", password: "sekininsha password 1" });
  await k.pressButton("header.signOut");

  await k.signIn("sato", "sekininsha password 1");
  await heading(page, t(ja, "counter.title"));
  await k.tabTo(page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.audit"), exact: true }));
  await k.press("Enter");
  await heading(page, t(ja, "audit.title"));
  await page.locator("table").waitFor();
  await k.pickOption(t(ja, "audit.filter.staff.label"), t(ja, "audit.filter.staff.option", { Name: "田中 一郎", Username: "tanaka" }));
  await k.pressButton("audit.filter.apply");
  await page.getByText(/件/).first().waitFor();
  await k.pressButton("audit.export.submit");
  await page.locator(".audit-export__path code").waitFor();
  const violations = await check(page, "keyboard-audit-export");
  assert.deepEqual(violations, []);
  console.log(`keyboard only: ${k.presses} key presses besides the typed text`);
  await k.pressButton("header.signOut");
  await heading(page, t(ja, "signin.title"));
});

// japanDay is today in Japan moved by days, as the case forms ask for it.
function japanDay(days) {
  const d = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400 * 1000);
  return { y: String(d.getUTCFullYear()), m: String(d.getUTCMonth() + 1), d: String(d.getUTCDate()) };
}

test("a case, its situation and a consented referral with the keyboard alone", async () => {
  const page = await openPage(chromium.browser, app);
  const k = keysFor(page, ja);
  await k.signIn("tanaka", "madoguchi counter pw");
  await heading(page, t(ja, "counter.title"));
  await k.tabTo(page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.cases"), exact: true }));
  await k.press("Enter");
  await heading(page, t(ja, "cases.home.title"));
  await k.pressButton("cases.new.button");
  await heading(page, t(ja, "cases.new.title"));
  await k.typeInto("cases.person.name.label", "Kibodo Lan");
  await k.pickRadio("English");
  await k.pressButton("cases.new.submit");
  await heading(page, "Kibodo Lan");

  await k.pressButton("cases.situation.record");
  await heading(page, t(ja, "cases.situation.title"));
  await k.pickRadio(t(ja, "residency.category.transitional_birth"));
  await k.pickOption(`${t(ja, "cases.situation.nationality.label")}$`, t(ja, "nationality.unknown"));
  const born = japanDay(-19);
  const birth = page.getByRole("group", { name: t(ja, "cases.situation.birthDate.legend") });
  await k.typeInto("cases.date.year", born.y, birth);
  await k.typeInto("cases.date.month", born.m, birth);
  await k.typeInto("cases.date.day", born.d, birth);
  for (const [label, yes] of [["cases.situation.bornInJapan.label", true], ["cases.situation.birthNotified.label", false], ["cases.situation.statusApplied.label", false]]) {
    await k.pickRadio(t(ja, yes ? "cases.yes" : "cases.no"), page.getByRole("radiogroup", { name: t(ja, label) }));
  }
  await k.pickOption(`${t(ja, "cases.situation.parentCategory.label")}$`, t(ja, "residency.category.mid_to_long_term"));
  await k.pressButton("cases.situation.submit");
  await heading(page, "Kibodo Lan");
  const timeline = page.getByRole("list", { name: t(ja, "cases.timeline.heading") });
  await timeline.getByRole("listitem").filter({ hasText: t(ja, "residency.deadline.status_application") })
    .getByText(t(ja, "cases.days.left", { Count: 10 })).waitFor();
  const violations = await check(page, "keyboard-case");
  assert.deepEqual(violations, []);

  // Referred to ISSJ (suggested by the rules), with the mother's consent given through an interpreter, then sent.
  const issj = "日本国際社会事業団（ISSJ）";
  await k.pressButton("cases.refer.to", { Org: issj });
  await heading(page, t(ja, "cases.refer.title"));
  await k.typeInto("cases.referral.reason.label", "出生届が未提出です。支援をお願いします。");
  await k.pressButton("cases.refer.submit");
  await heading(page, t(ja, "cases.referral.title", { Org: issj }));
  await k.typeInto("cases.consent.givenBy.label", "Kibodo Hoa");
  await k.pickRadio(t(ja, "cases.consent.relationship.parent"), page.getByRole("radiogroup", { name: t(ja, "cases.consent.relationship.label") }));
  for (const f of ["name", "birthDate", "situation"]) {
    const box = page.getByRole("checkbox", { name: t(ja, `cases.field.${f}`), exact: true });
    await k.tabTo(box);
    await k.press(" ");
    assert.ok(await box.isChecked(), `${f} is shared`);
  }
  const today = japanDay(0);
  const day = page.getByRole("group", { name: t(ja, "cases.consent.day.legend") });
  await k.typeInto("cases.date.year", today.y, day);
  await k.typeInto("cases.date.month", today.m, day);
  await k.typeInto("cases.date.day", today.d, day);
  await k.pickRadio(t(ja, "cases.consent.method.spoken_interpreter"), page.getByRole("radiogroup", { name: t(ja, "cases.consent.method.label") }));
  await k.pickRadio("English", page.getByRole("radiogroup", { name: t(ja, "cases.consent.interpreterLanguage.label") }));
  await k.typeInto("cases.consent.interpreterName.label", "佐藤 由美");
  await k.pressButton("cases.consent.submit");
  await page.getByText(t(ja, "cases.consent.recorded")).waitFor();
  await k.pressButton("cases.send.submit");
  await page.getByText(t(ja, "cases.referral.sent", { Org: issj })).waitFor();
  assert.deepEqual(await check(page, "keyboard-referral-sent"), []);
  console.log(`keyboard only: ${k.presses} key presses besides the typed text`);
});
