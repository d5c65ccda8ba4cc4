// End to end with the keyboard alone (WCAG 2.1.1), without the mouse: an assisted application from the counter home
// to the confirmation; accounts and the audit trail; a case, its situation and a consented referral; the referral
// letter printed; the organisation directory; the Individual Number read from the applicant's card; and, first, a new
// installation set up. Every action is a key press: Tab (Shift+Tab) to reach a control, typing, arrows for radios
// and lists, Space, Enter. Each test prints how many presses it took.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { dataPassphrase, heading, japanDay } from "./flows.mjs";
import { artefacts, check, insertCard, openPage, startPCSC, useApp } from "./harness.mjs";
import { keysFor } from "./keys.mjs";
import { chipOf } from "./people.mjs";

const e2e = useApp("keyboard");

const ja = "ja";
let referralPage; // the referral test's window, left on the referral it sent, for the letter test to go on from

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

// questions answers an application from the counter home up to the Individual Number question: a Japanese
// national speaking Japanese, living at the Tokyo Metropolitan Government building's address.
async function questions(page, k, { name, kana, birth: [year, month, day], sex, phone }) {
  await k.pressButton("counter.start");
  await answer(page, k, "language", () => k.pickRadio("日本語"));
  await answer(page, k, "name", () => k.typeInto("intake.name.name.label", name));
  await answer(page, k, "kana", () => k.typeInto("intake.kana.nameKana.label", kana));
  await answer(page, k, "birth", async () => {
    await k.pickRadio(t(ja, "intake.birth.birthCalendar.option.gregorian"));
    await k.typeInto("intake.birth.birthYear.label", year);
    await k.typeInto("intake.birth.birthMonth.label", month);
    await k.typeInto("intake.birth.birthDay.label", day);
  });
  await answer(page, k, "sex", () => k.pickRadio(t(ja, `intake.sex.sex.option.${sex}`)));
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
  await answer(page, k, "contact", () => k.typeInto("intake.contact.phone.label", phone));
}

const counterPw = "madoguchi counter pw";

test("a new installation set up with the keyboard alone: the data passphrase, the administrator, a counter account", async () => {
  const page = await openPage(e2e.browser, e2e.app);
  const k = keysFor(page, ja);
  await heading(page, t(ja, "protection.setup.title"));
  await k.typeInto("protection.passphrase.label", dataPassphrase);
  await k.typeInto("protection.passphraseConfirm.label", dataPassphrase);
  await k.pressButton("protection.setup.submit");
  await heading(page, t(ja, "createAdmin.title"));
  await k.typeInto("account.username.label", "kanri");
  await k.typeInto("account.displayName.label", "管理 花子");
  await k.typeInto("account.password.label", "kanrisha password 2026");
  await k.typeInto("account.confirm.label", "kanrisha password 2026");
  await k.press("Enter");
  await heading(page, t(ja, "admin.title"));
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor();
  await keyboardAccount(page, k, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  await k.pressButton("header.signOut");
  await heading(page, t(ja, "signin.title"));
  console.log(`keyboard: a new installation set up, ${k.presses} presses`);
});

test("an assisted application from the counter home to the confirmation with the keyboard alone", async () => {
  const page = await openPage(e2e.browser, e2e.app); // the installation the first test set up
  await keysFor(page, ja).signIn("tanaka", counterPw);
  await heading(page, t(ja, "counter.title"));

  // From here on: the keyboard only.
  const k = keysFor(page, ja);
  await questions(page, k, { name: "鍵盤 操子", kana: "ケンバン ソウコ", birth: ["1988", "2", "29"], sex: "female", phone: "090-1111-2222" });
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
  const page = await openPage(e2e.browser, e2e.app); // the installation of the first test, its administrator
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

test("a case, its situation and a consented referral with the keyboard alone", async () => {
  const page = await openPage(e2e.browser, e2e.app);
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
  referralPage = page;
});

// h1 waits for a screen's heading, generously: the card and the CSV go through the real backend on a busy PC.
const h1 = (page, text) => page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor({ timeout: 60000 });

test("the referral letter opened, printed and left with the keyboard alone; a supervisor finds the print in the audit trail", async () => {
  assert.ok(referralPage, "the referral test left its window on the referral it sent");
  const page = referralPage;
  const k = keysFor(page, ja);
  const issj = "日本国際社会事業団（ISSJ）";
  await h1(page, t(ja, "cases.referral.title", { Org: issj }));
  await k.pressButton("cases.letter.open");
  await h1(page, t(ja, "cases.letter.heading"));
  await page.locator('article[lang="en"]').getByText("Kibodo Lan").waitFor();
  // The print dialog cannot open headless: window.print is stubbed to count its calls. The page calls it only
  // once the desk has recorded the print.
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => {
      window.__printed++;
    };
  });
  await k.pressButton("cases.letter.print");
  await page.waitForFunction(() => window.__printed === 1, null, { timeout: 60000 });
  assert.deepEqual(await check(page, "keyboard-letter"), []);
  // Back up the page (Shift+Tab) to the back link.
  await k.shiftTabTo(page.getByRole("link", { name: t(ja, "cases.back.referral"), exact: true }));
  await k.press("Enter");
  await h1(page, t(ja, "cases.referral.title", { Org: issj }));
  await k.pressButton("header.signOut");

  // The supervisor filters the trail to prints: the one print, under the clerk who printed.
  await k.signIn("sato", "sekininsha password 1");
  await h1(page, t(ja, "counter.title"));
  await k.tabTo(page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.audit"), exact: true }));
  await k.press("Enter");
  await h1(page, t(ja, "audit.title"));
  await page.locator("table").waitFor();
  await k.pickOption(t(ja, "audit.filter.action.label"), t(ja, "audit.action.print"));
  await k.pressButton("audit.filter.apply");
  await page.getByText(t(ja, "audit.results.count", { Count: 1 }), { exact: true }).waitFor({ timeout: 60000 });
  const row = await page.locator("table tbody tr").innerText();
  assert.ok(row.includes("田中 一郎") && row.includes(t(ja, "audit.action.print")), `the print is recorded under the clerk: ${row}`);
  console.log(`keyboard: the referral letter printed, and the print found in the audit trail, ${k.presses} presses`);
  await k.pressButton("header.signOut");
  await h1(page, t(ja, "signin.title"));
});

test("the organisation directory with the keyboard alone: an administrator adds one, changes it, exports and imports CSV", async () => {
  const page = await openPage(e2e.browser, e2e.app);
  const k = keysFor(page, ja);
  await k.signIn("kanri", "kanrisha password 2026");
  await h1(page, t(ja, "admin.title"));
  const table = page.getByRole("table", { name: t(ja, "orgs.heading") });
  await table.waitFor();
  const row = (id) => table.getByRole("row").filter({ has: page.getByRole("cell", { name: id, exact: true }) });

  // Add.
  await k.typeInto("orgs.field.id", "kagi_net");
  await k.typeInto("orgs.field.nameJa", "かぎ支援ネット");
  await k.typeInto("orgs.field.nameEn", "Kagi Support Net");
  await k.typeInto("orgs.field.phone", "03-0000-1111");
  await k.typeInto("orgs.field.hours", "平日 9時〜17時");
  await k.pressButton("orgs.new.submit");
  await page.getByText(t(ja, "orgs.saved", { Name: "かぎ支援ネット" })).waitFor();
  await row("kagi_net").getByText("03-0000-1111").waitFor();

  // Change: its button in the table, then the phone typed over.
  await k.tabTo(row("kagi_net").getByRole("button"));
  await k.press("Enter");
  await page.getByRole("heading", { name: t(ja, "orgs.edit.heading", { Name: "かぎ支援ネット" }) }).waitFor();
  await k.replaceIn("orgs.field.phone", "03-0000-2222");
  await k.pressButton("orgs.save.submit");
  await page.getByText(t(ja, "orgs.saved", { Name: "かぎ支援ネット" })).waitFor();
  await row("kagi_net").getByText("03-0000-2222").waitFor();

  // Export. In the desktop window Enter opens the system's save dialog (itself worked by keyboard); a browser on
  // the dev server, as here, downloads the file.
  const downloaded = page.waitForEvent("download", { timeout: 60000 });
  await k.pressButton("orgs.csv.export");
  const download = await downloaded;
  await page.getByText(t(ja, "orgs.csv.exported", { File: "madoguchi-orgs.csv" })).waitFor();
  const exported = path.join(e2e.dataDir, "..", `${path.basename(e2e.dataDir)}-orgs.csv`);
  await download.saveAs(exported);
  const csv = readFileSync(exported, "utf8");
  assert.ok(csv.includes("kagi_net,かぎ支援ネット,Kagi Support Net,"), "the export holds the organisation added");
  assert.ok(csv.includes("03-0000-2222") && !csv.includes("03-0000-1111"), "and its change");
  const rows = csv.trimEnd().split("\r\n").length - 1;

  // Import: the export with one organisation more. Space on the file box opens the file dialog (answered by the
  // test, as the user would answer it), then Tab to the button and Enter.
  const edited = exported.replace(/\.csv$/, "-edited.csv");
  writeFileSync(edited, `${csv.trimEnd()}\r\nkagi_ward,かぎ区国際交流協会,Kagi Ward International Association,,,英語・中国語,03-0000-3333,,,yes\r\n`);
  try {
    // Listening before Tab starts gives Playwright time to take over the file dialog: its interception is set up
    // asynchronously, and a Space pressed before it is in place opens a dialog nobody answers.
    const chosen = page.waitForEvent("filechooser", { timeout: 60000 });
    await k.tabTo(page.getByLabel(t(ja, "orgs.csv.file"), { exact: true }));
    await k.press(" ");
    await (await chosen).setFiles(edited);
    await k.pressButton("orgs.csv.import");
    await page.getByText(t(ja, "orgs.csv.imported", { Added: 1, Updated: rows })).waitFor({ timeout: 60000 });
    await row("kagi_ward").getByText("03-0000-3333").waitFor();
  } finally {
    rmSync(exported, { force: true });
    rmSync(edited, { force: true });
  }
  assert.deepEqual(await check(page, "keyboard-orgs-imported"), []);
  console.log(`keyboard: the organisation directory (add, change, export, import) ${k.presses} presses`);
  await k.pressButton("header.signOut");
  await h1(page, t(ja, "signin.title"));
});

// The card of the applicant below, as its chip holds it: the four basic items are the application's (the address
// written as the card writes it), the card-info PIN with all three tries left.
const yomiko = { name: "番号 読子", kana: "バンゴウ ヨミコ", birth: ["1975", "6", "15"], sex: "female", phone: "03-5555-0101" };
const yomikoCard = chipOf(
  { name: "番号 読子", address: "東京都新宿区西新宿2-8-1", birthDate: "1975-06-15", sex: "2", number: "123456789018" },
  { cardInfo: "4321" },
);

test("the Individual Number read from the applicant's card at intake with the keyboard alone", async () => {
  const stopPCSC = await startPCSC();
  const card = await insertCard(yomikoCard, 1);
  let page;
  try {
    page = await openPage(e2e.browser, e2e.app);
    const k = keysFor(page, ja);
    await k.signIn("tanaka", "madoguchi counter pw");
    await h1(page, t(ja, "counter.title"));
    await questions(page, k, yomiko);
    await h1(page, t(ja, "intake.number.title"));
    await k.pickRadio(t(ja, "intake.number.recordNumber.option.yes"));
    await k.tabTo(page.getByRole("link", { name: t(ja, "intake.number.fromCard.link"), exact: true }));
    await k.press("Enter");
    await h1(page, t(ja, "numberFromCard.title"));
    // The card is on the second reader (other tests on this PC use the first). The page picks the reader that holds
    // a card; when another test's card was there first, the clerk chooses it from the list, by keyboard.
    const readerButton = page.getByRole("button", { name: new RegExp(`${t(ja, "handover.reader.label")}$`) });
    await page.getByText(t(ja, "handover.card.present")).first().waitFor({ timeout: 60000 });
    if (!(await readerButton.innerText()).includes("Virtual PCD 00 01")) {
      await k.pickOption(`${t(ja, "handover.reader.label")}$`, "Virtual PCD 00 01");
    }
    // The PIN is typed only once this card is read as present with all its tries: the one try spent is the one meant.
    await page.getByText(t(ja, "handover.card.present")).first().waitFor({ timeout: 60000 });
    await page.locator("dt", { hasText: t(ja, "handover.tries.cardInfo") })
      .locator("xpath=following-sibling::dd[1]", { hasText: t(ja, "handover.tries.left", { Count: 3 }) }).waitFor({ timeout: 60000 });
    const reader = await readerButton.innerText();
    assert.ok(reader.includes("Virtual PCD 00 01"), `the PIN goes to the reader holding this test's card, not ${reader}`);
    assert.deepEqual(await check(page, "keyboard-number-from-card"), []);
    await k.typeInto("handover.pin.label", "4321");
    await k.press("Enter");
    await h1(page, t(ja, "checkAnswers.title"));
    const body = await page.locator("main").innerText();
    assert.ok(body.includes("番号 読子") && body.includes("•••• •••• 9018"), "the card's number is recorded, masked");
    assert.ok(!(await page.content()).includes("56789018"), "its digits never reach the window unasked");
    await k.pressButton("checkAnswers.submit");
    await h1(page, t(ja, "confirmation.title"));
    console.log(`keyboard: the Individual Number read from the card at intake, ${k.presses} presses`);
    await k.pressButton("header.signOut");
    await h1(page, t(ja, "signin.title"));
  } catch (err) {
    await page?.screenshot({ path: path.join(artefacts, "keyboard-number-from-card-failure.png"), fullPage: true });
    console.error(`main: ${await page?.locator("main").innerText()}\ncard: ${card.log()}`);
    throw err;
  } finally {
    await card.remove();
    await stopPCSC();
  }
});
