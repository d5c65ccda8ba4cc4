// End to end, issue 7 point 5: every screen of the app, in every language of the catalog, on the real app with a
// real card stack. One installation is taken from its first screen through each role's work: an application whose
// applicant reads English (every question, its error summary, check answers, confirmation), the Individual Number
// read from a virtual card, a second application warned as similar, the card handed over, a card that does not
// match, a card whose PIN is locked, one pulled off the reader mid-read and one that is not a My Number card, a case
// with its situation, a consented referral and its letter, the audit trail, a lost-card report and its figures; then
// the same data on a PC without the key, and a damaged database. On each screen sweep.mjs switches the screen
// language through all the catalog's languages and runs axe, the 24 px target check, 200% text and the font check
// (the idle-lock screen is swept in desk-safety.test.mjs, where the desk is already left idle).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, choose, click, createAdmin, field, fillDate, heading, japanDay, openApplication, radio, settled, setUpProtection, signIn, signOut, steps, yesNo } from "./flows.mjs";
import { artefacts, insertCard, openPage, startApp, tempDir, useApp } from "./harness.mjs";
import { yamada, yamadaChip } from "./people.mjs";
import { newSweep, notSwept, screenFiles, switchLanguage } from "./sweep.mjs";

const e2e = useApp("screens", { pcsc: true });

const here = path.dirname(fileURLToPath(import.meta.url));
const ja = "ja";
const adminPw = "kanrisha password 2026";
const pw = "madoguchi staff pw 2026";

test("every file that draws a page heading is a screen of the sweep", () => {
  const src = path.join(here, "..", "src");
  const drawn = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx$/.test(e.name) && !/\.test\.tsx$/.test(e.name) && !p.endsWith(path.join("components", "PageHeading.tsx"))) {
        const text = readFileSync(p, "utf8");
        if (/<PageHeading[\s>]|<h1[\s>]/.test(text)) drawn.push(path.relative(src, p).split(path.sep).join("/"));
      }
    }
  };
  walk(src);
  const listed = Object.keys(screenFiles);
  assert.deepEqual(drawn.filter((f) => !listed.includes(f)), [], "screens not in sweep.mjs's screenFiles: add them, and sweep them");
  assert.deepEqual(listed.filter((f) => !drawn.includes(f)), [], "screenFiles lists files that draw no heading");

  for (const id of Object.keys(notSwept)) t(ja, id); // the exempt headings exist
});

// The applicant of the first application: a Vietnamese national who reads English, so each question page shows
// the English panel beside the staff language.
const nguyen = {
  applicantLanguageName: "English",
  name: "NGUYEN VAN AN",
  kana: "グエン ヴァン アン",
  birth: { calendar: "gregorian", year: "1995", month: "7", day: "3" },
  sex: "female",
  postalCode: "1600023",
  address: "東京都新宿区西新宿二丁目8番1号 101",
  nationality: { type: "ベトナム", pick: "ベトナム" },
  residence: "student",
  stayUntil: "2028年3月31日",
  phone: "080-9876-5432",
};

// The second applicant: yamada (people.mjs), whose card lies on the reader; its four basic items are the
// application's.
const card = yamadaChip();

const trustDir = () => path.join(e2e.dataDir, "chip-trust");
const title = (id, args) => (lang) => t(lang, id, args);
const alert = async (page) => page.getByRole("alert").first().waitFor();

test("every screen in every language: axe-clean, targets at least 24 px, nothing lost at 200% text", async () => {
  const sweep = newSweep("screens");
  let page = await openPage(e2e.browser, e2e.app);
  try {
    await firstRun(page, sweep);
    await counter(page, sweep);
    await cases(page, sweep);
    await signOut(page, ja);
    await signIn(page, ja, "sato", pw);
    await page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.audit"), exact: true }).click();
    await sweep.screen(page, "audit-trail", { title: title("audit.title"), ready: (p) => p.getByRole("table").first().waitFor() });
    await switchLanguage(page, ja);
    await signOut(page, ja);
    await callCentre(page, sweep);
    page = await otherPC(page, sweep);
    await damaged(sweep);
  } catch (err) {
    await page.screenshot({ path: path.join(artefacts, "screens-failure.png"), fullPage: true }).catch(() => {});
    throw err;
  }
  console.log(`swept ${sweep.swept.length} screens in every language`);
  const elsewhere = ["locked"]; // desk-safety.test.mjs
  const names = Object.values(screenFiles).flat();
  assert.deepEqual(names.filter((n) => !sweep.swept.includes(n) && !elsewhere.includes(n)), [], "screens listed in sweep.mjs but not swept");
  sweep.assertClean();
});

async function firstRun(page, sweep) {
  await sweep.screen(page, "protection-setup", { title: title("protection.setup.title") });
  await switchLanguage(page, ja);
  await setUpProtection(page, ja);
  await heading(page, t(ja, "createAdmin.title"));
  await sweep.screen(page, "create-admin", { title: title("createAdmin.title") });
  await switchLanguage(page, ja);
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: adminPw }, { protect: false });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor(); // the account list has loaded
  await sweep.screen(page, "admin", { title: title("admin.title"), ready: (p) => p.getByRole("cell", { name: "kanri", exact: true }).waitFor() });
  await switchLanguage(page, ja);
  await click(page, ja, "admin.newUser.submit"); // nothing typed: the error summary
  await alert(page);
  await sweep.screen(page, "admin-errors", { title: title("admin.title"), ready: alert });
  await switchLanguage(page, ja);
  for (const [username, displayName, role] of [["tanaka", "田中 一郎", "counter"], ["sato", "佐藤 次郎", "supervisor"], ["denwa", "電話 四郎", "callcentre"]]) {
    await addAccount(page, ja, { username, displayName, role, password: pw });
  }
  // A directory import whose row is wrong in four columns: every problem listed, nothing imported.
  const badRow = "id,name_ja,name_en,takes_ja,takes_en,languages,phone,contact,hours,active\r\nBad ID,,Kagi,,,,call me,,,maybe\r\n";
  await page.getByLabel(t(ja, "orgs.csv.file"), { exact: true }).setInputFiles({ name: "orgs.csv", mimeType: "text/csv", buffer: Buffer.from(badRow) });
  await click(page, ja, "orgs.csv.import");
  const importErrors = (p) => p.getByRole("alert").filter({ hasText: "maybe" }).or(p.getByRole("alert").filter({ hasText: "active" })).first().waitFor();
  await importErrors(page);
  await sweep.screen(page, "admin-import-errors", { title: title("admin.title"), ready: importErrors });
  await switchLanguage(page, ja);
  await signOut(page, ja);
  await heading(page, t(ja, "signin.title"));
  await sweep.screen(page, "sign-in", { title: title("signin.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "signin.submit");
  await alert(page);
  await sweep.screen(page, "sign-in-errors", { title: title("signin.title"), ready: alert });
  await switchLanguage(page, ja);
  await signIn(page, ja, "tanaka", pw);
  await heading(page, t(ja, "counter.title"));
  await settled(page);
}

// question sweeps one question page (its heading in each staff language), answers it in Japanese and continues.
async function question(page, sweep, step, fill, { errors = false } = {}) {
  await heading(page, t(ja, `intake.${step}.title`));
  await sweep.screen(page, `question-${step}`, { title: title(`intake.${step}.title`) });
  await switchLanguage(page, ja);
  if (errors) {
    await click(page, ja, "common.continue");
    await alert(page);
    await sweep.screen(page, `question-${step}-errors`, { title: title(`intake.${step}.title`), ready: alert });
    await switchLanguage(page, ja);
  }
  await fill(page);
  await click(page, ja, "common.continue");
}

async function apply(page, who, through) {
  const s = steps(ja, who);
  for (const step of ["language", "name", "kana", "birth", "sex", "address", "nationality", ...(who.residence ? ["residence"] : []), "contact"].slice(0, through)) {
    await heading(page, t(ja, `intake.${step}.title`));
    await s[step](page);
    await click(page, ja, "common.continue");
  }
}

async function counter(page, sweep) {
  const virtualCard = await insertCard(card, 0, trustDir());
  e2e.defer(virtualCard.remove);
  const tries = (p) => p.getByText(t(ja, "handover.tries.left", { Count: 3 })).first().waitFor({ timeout: 15000 });
  await tries(page);
  await sweep.screen(page, "counter-home", { title: title("counter.title") });
  await switchLanguage(page, ja);

  // 1. Every question of an application, the applicant reading English.
  await click(page, ja, "counter.start");
  const s = steps(ja, nguyen);
  await question(page, sweep, "language", s.language);
  await question(page, sweep, "name", s.name, { errors: true });
  for (const step of ["kana", "birth", "sex", "address", "nationality", "residence", "contact"]) await question(page, sweep, step, s[step]);
  await question(page, sweep, "number", (p) => radio(p, t(ja, "intake.number.recordNumber.option.no")));
  await heading(page, t(ja, "checkAnswers.title"));
  await sweep.screen(page, "check-answers", { title: title("checkAnswers.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await sweep.screen(page, "confirmation", { title: title("confirmation.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "header.nextApplicant");

  // 2. The Individual Number read from the applicant's own card.
  await heading(page, t(ja, "counter.title"));
  await click(page, ja, "counter.start");
  await apply(page, yamada);
  await heading(page, t(ja, "intake.number.title"));
  await radio(page, t(ja, "intake.number.recordNumber.option.yes"));
  await page.getByRole("link", { name: t(ja, "intake.number.fromCard.link") }).click();
  await heading(page, t(ja, "numberFromCard.title"));
  const present = (p, lang) => p.getByText(t(lang, "handover.card.present")).first().waitFor({ timeout: 15000 });
  await sweep.screen(page, "number-from-card", { title: title("numberFromCard.title"), ready: present });
  await switchLanguage(page, ja);
  await field(page, ja, "handover.pin.label").fill("2468");
  await click(page, ja, "handover.pin.submit");
  await heading(page, t(ja, "checkAnswers.title"));
  await click(page, ja, "checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await click(page, ja, "header.nextApplicant");

  // 3. One character apart from 山田 太郎: warned as similar on check answers.
  await heading(page, t(ja, "counter.title"));
  await click(page, ja, "counter.start");
  await apply(page, { ...yamada, name: "山田 太朗" });
  await heading(page, t(ja, "intake.number.title"));
  await radio(page, t(ja, "intake.number.recordNumber.option.no"));
  await click(page, ja, "common.continue");
  await heading(page, t(ja, "checkAnswers.title"));
  const similar = (p, lang) => p.getByRole("heading", { level: 2, name: t(lang, "checkAnswers.similar.heading") }).waitFor();
  await sweep.screen(page, "check-answers-similar", { title: title("checkAnswers.title"), ready: similar });
  await switchLanguage(page, ja);
  await click(page, ja, "checkAnswers.submit"); // kept apart from 山田 太郎, for the handover that will not match
  await heading(page, t(ja, "confirmation.title"));
  await click(page, ja, "header.nextApplicant");

  // 4. The card handed over to 山田 太郎.
  await heading(page, t(ja, "counter.title"));
  await openApplication(page, "山田 太郎");
  await sweep.screen(page, "ready-application", { title: title("readyApplication.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "readyApplication.handOver");
  await heading(page, t(ja, "handover.title"));
  await sweep.screen(page, "handover-pin", { title: title("handover.title"), ready: present });
  await switchLanguage(page, ja);
  // A wrong PIN first: the error summary with the tries left (the right PIN then resets them).
  await field(page, ja, "handover.pin.label").fill("1357");
  await click(page, ja, "handover.pin.submit");
  await page.getByRole("alert").waitFor();
  await sweep.screen(page, "handover-pin-wrong", { title: title("handover.title"), ready: alert });
  await switchLanguage(page, ja);
  await field(page, ja, "handover.pin.label").fill("2468");
  await click(page, ja, "handover.pin.submit");
  const match = (p, lang) => p.getByText(t(lang, "handover.match.title")).first().waitFor({ timeout: 15000 });
  await match(page, ja);
  await sweep.screen(page, "handover-match", { title: title("handover.title"), ready: match });
  await switchLanguage(page, ja);
  await click(page, ja, "handover.complete");
  await page.getByText(t(ja, "handover.done.title")).first().waitFor();
  await sweep.screen(page, "handover-done", { title: title("handover.done.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "header.nextApplicant");
  await heading(page, t(ja, "counter.title"));

  // 5. The same card against 山田 太朗's application: one character apart, so it may not be handed over; the
  // applicant is told why in their language, and only a supervisor may decide.
  await handOver(page, "山田 太朗");
  await present(page, ja);
  await field(page, ja, "handover.pin.label").fill("2468");
  await click(page, ja, "handover.pin.submit");
  const mismatch = (p, lang) => p.getByRole("heading", { level: 2, name: t(lang, "handover.mismatch.title") }).waitFor({ timeout: 15000 });
  await mismatch(page, ja);
  await sweep.screen(page, "handover-mismatch", { title: title("handover.title"), ready: mismatch });
  await switchLanguage(page, ja);
  await click(page, ja, "header.nextApplicant");
  await heading(page, t(ja, "counter.title"));

  // 6. A card whose card-info PIN is locked: no PIN is asked for, and the holder is told where to reset it.
  await virtualCard.remove();
  const lockedCard = await insertCard(yamadaChip({ cardInfoTries: 0 }), 0, trustDir());
  e2e.defer(lockedCard.remove);
  await handOver(page, "山田 太朗");
  const blocked = (p, lang) => p.getByRole("heading", { level: 2, name: t(lang, "handover.blocked.title") }).waitFor({ timeout: 15000 });
  await blocked(page, ja);
  await sweep.screen(page, "handover-pin-locked", { title: title("handover.title"), ready: blocked });
  await switchLanguage(page, ja);
  await lockedCard.remove();

  // 7. The card pulled off the reader while its PIN read is under way: the error summary says to put it back.
  // The card is put on the reader only now, the handover page already open, so the APDUs before the read are
  // one status read's; the card drops its connection a few commands into the read that follows the PIN.
  await page.getByText(t(ja, "handover.card.waiting")).first().waitFor({ timeout: 15000 });
  const pulledCard = await insertCard({ ...yamadaChip(), faults: { removeAfterAPDUs: pulledAfter } }, 0, trustDir());
  e2e.defer(pulledCard.remove);
  await present(page, ja);
  await field(page, ja, "handover.pin.label").fill("2468");
  await click(page, ja, "handover.pin.submit");
  const pulled = (p, lang) => p.getByRole("alert").filter({ hasText: t(lang, "card.error.removed") }).first().waitFor({ timeout: 15000 });
  await pulled(page, ja);
  await sweep.screen(page, "handover-card-pulled", { title: title("handover.title"), ready: pulled });
  await switchLanguage(page, ja);

  // 8. Another kind of card (a bank card, a residence card): it refuses the My Number applications, so it is named
  // as not a My Number card and no PIN is asked for.
  const otherCard = await insertCard({ ...yamadaChip(), faults: { statusWord: { A4: "6A82" } } }, 0);
  e2e.defer(otherCard.remove);
  const notMyNumber = (p, lang) => p.getByText(t(lang, "handover.card.notMyNumber")).first().waitFor({ timeout: 15000 });
  await notMyNumber(page, ja);
  await sweep.screen(page, "handover-not-my-number", { title: title("handover.title"), ready: notMyNumber });
  await switchLanguage(page, ja);
  await otherCard.remove();
  await click(page, ja, "header.nextApplicant");
  await heading(page, t(ja, "counter.title"));
}

// pulledAfter is how many APDUs the pulled card answers (counted with app/card's Counter on this persona): 17 for
// the status read its insertion brings (2 to open the session, 15 for the PIN tries, token and certificate), 17
// again as the check after the PIN opens and reads the status, then 3 of the PIN read's 13: the 4th is never answered.
const pulledAfter = 17 + 17 + 3;

// handOver opens the ready application of this name and starts its handover.
async function handOver(page, name) {
  await openApplication(page, name);
  await click(page, ja, "readyApplication.handOver");
  await heading(page, t(ja, "handover.title"));
}

const issjJa = "日本国際社会事業団（ISSJ）";

async function cases(page, sweep) {
  await page.getByRole("navigation", { name: t(ja, "nav.label") }).getByRole("button", { name: t(ja, "nav.cases"), exact: true }).click();
  await heading(page, t(ja, "cases.home.title"));
  await click(page, ja, "cases.new.button");
  await heading(page, t(ja, "cases.new.title"));
  await sweep.screen(page, "case-new", { title: title("cases.new.title") });
  await switchLanguage(page, ja);
  await field(page, ja, "cases.person.name.label").fill("Nguyen Thi Lan");
  await radio(page, "English");
  await click(page, ja, "cases.new.submit");
  await heading(page, "Nguyen Thi Lan");

  await click(page, ja, "cases.situation.record");
  await heading(page, t(ja, "cases.situation.title"));
  await sweep.screen(page, "situation", { title: title("cases.situation.title") });
  await switchLanguage(page, ja);
  await click(page, ja, "cases.situation.submit");
  await alert(page);
  await sweep.screen(page, "situation-errors", { title: title("cases.situation.title"), ready: alert });
  await switchLanguage(page, ja);
  await radio(page, t(ja, "residency.category.transitional_birth"));
  await choose(page, `${t(ja, "cases.situation.nationality.label")}$`, t(ja, "nationality.unknown"));
  await fillDate(page, ja, "cases.situation.birthDate.legend", japanDay(-19));
  await yesNo(page, ja, "cases.situation.bornInJapan.label", true);
  await yesNo(page, ja, "cases.situation.birthNotified.label", false);
  await yesNo(page, ja, "cases.situation.statusApplied.label", false);
  await choose(page, `${t(ja, "cases.situation.parentCategory.label")}$`, t(ja, "residency.category.mid_to_long_term"));
  await click(page, ja, "cases.situation.submit");
  await heading(page, "Nguyen Thi Lan");
  const timeline = (p, lang) => p.getByRole("list", { name: t(lang, "cases.timeline.heading") }).waitFor();
  await sweep.screen(page, "case", { title: () => "Nguyen Thi Lan", ready: timeline });
  await switchLanguage(page, ja);

  await page.getByRole("link", { name: t(ja, "cases.back.home") }).click();
  await heading(page, t(ja, "cases.home.title"));
  const due = (p, lang) => p.getByRole("table", { name: t(lang, "cases.due.heading") }).waitFor();
  await sweep.screen(page, "cases-home", { title: title("cases.home.title"), ready: due });
  await switchLanguage(page, ja);
  await page.getByRole("link", { name: "Nguyen Thi Lan" }).first().click();
  await heading(page, "Nguyen Thi Lan");

  await click(page, ja, "cases.refer.to", { Org: issjJa });
  await heading(page, t(ja, "cases.refer.title"));
  await sweep.screen(page, "referral-new", { title: title("cases.refer.title") });
  await switchLanguage(page, ja);
  await field(page, ja, "cases.referral.reason.label").fill("出生届が未提出で、子どもの国籍が不明です。");
  await click(page, ja, "cases.refer.submit");
  await heading(page, t(ja, "cases.referral.title", { Org: issjJa }));
  await sweep.screen(page, "referral-consent", { ready: (p, lang) => p.getByRole("heading", { level: 2, name: t(lang, "cases.consent.heading") }).waitFor() });
  await switchLanguage(page, ja);
  await field(page, ja, "cases.consent.givenBy.label").fill("Nguyen Thi Hoa");
  await radio(page, t(ja, "cases.consent.relationship.parent"));
  for (const f of ["name", "birthDate", "situation"]) {
    await page.getByRole("checkbox", { name: t(ja, `cases.field.${f}`), exact: true }).check({ force: true });
  }
  await fillDate(page, ja, "cases.consent.day.legend", japanDay(0));
  await radio(page, t(ja, "cases.consent.method.spoken"));
  await click(page, ja, "cases.consent.submit");
  await page.getByText(t(ja, "cases.consent.recorded")).waitFor();
  await click(page, ja, "cases.send.submit");
  await page.getByText(t(ja, "cases.referral.sent", { Org: issjJa })).waitFor();
  await click(page, ja, "cases.letter.open");
  await heading(page, t(ja, "cases.letter.heading"));
  await sweep.screen(page, "letter", { title: title("cases.letter.heading") });
  await switchLanguage(page, ja);
}

async function callCentre(page, sweep) {
  await signIn(page, ja, "denwa", pw);
  await heading(page, t(ja, "lostcard.home.title"));
  await settled(page);
  await sweep.screen(page, "lostcard-home", { title: title("lostcard.home.title") });
  await switchLanguage(page, ja);
  await page.getByRole("button", { name: t(ja, "lostcard.home.start") }).click(); // named with its key, N
  await heading(page, t(ja, "lostcard.report.title", { Id: 1 }));
  await page.getByRole("radio", { name: "English", exact: true }).check({ force: true });
  await field(page, ja, "lostcard.field.name.label").fill("NGUYEN THI LAN");
  await sweep.screen(page, "lostcard-report", { title: title("lostcard.report.title", { Id: 1 }) });
  await switchLanguage(page, ja);
  await page.getByRole("link", { name: t(ja, "lostcard.action.back") }).click();
  await heading(page, t(ja, "lostcard.home.title"));
  await click(page, ja, "lostcard.home.figures");
  await heading(page, t(ja, "lostcard.figures.title"));
  await sweep.screen(page, "lostcard-figures", { title: title("lostcard.figures.title") });
  await switchLanguage(page, ja);
  await signOut(page, ja);
}

// otherPC opens the same data on a PC whose keyring lacks the data key: the passphrase is asked first.
async function otherPC(page, sweep) {
  await page.context().close();
  await e2e.app.kill();
  const configDir = tempDir("madoguchi-e2e-screens-otherpc-");
  e2e.app = await startApp(e2e.dataDir, { configDir });
  const other = await openPage(e2e.browser, e2e.app);
  await heading(other, t(ja, "protection.unlock.title"));
  await sweep.screen(other, "protection-unlock", { title: title("protection.unlock.title") });
  await other.context().close();
  await e2e.app.kill();
  rmSync(configDir, { recursive: true, force: true });
  return other;
}

// damaged: a database file that is not one; the app explains and offers to try again.
async function damaged(sweep) {
  const dir = tempDir("madoguchi-e2e-screens-damaged-");
  writeFileSync(path.join(dir, "madoguchi.db"), "this is not a database ".repeat(200));
  const broken = await startApp(dir);
  try {
    const context = await e2e.browser.newContext({ locale: "ja-JP", viewport: { width: 1200, height: 860 } });
    const page = await context.newPage();
    await page.goto(broken.url);
    await heading(page, t(ja, "startupProblem.title"));
    await sweep.screen(page, "startup-problem", { title: title("startupProblem.title") });
    await page.context().close();
  } finally {
    await broken.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
