// End to end, issue 5 point 10: an NGO caseworker records a child born in Japan whose birth was not notified;
// the case shows the overdue birth notification and the status application due in 10 days; the caseworker
// refers the family to ISSJ with the parent's consent (spoken through an interpreter), and the letter comes out
// in the parent's language (English) and Japanese, as a PDF, holding only the consented fields.
import assert from "node:assert/strict";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, choose, click, createAdmin, field, fillDate, heading, japanDay, radio, signIn, signOut, yesNo } from "./flows.mjs";
import { artefacts, axeScreens, openPage, useApp } from "./harness.mjs";

const e2e = useApp("referral");

const ja = "ja";
const adminPw = "kanrisha password 2026";
const ngoPw = "shien dantai password";

const screen = axeScreens("referral");

const issjJa = "日本国際社会事業団（ISSJ）";
const issjEn = "International Social Service Japan (ISSJ)";
const ngoJa = "よこはま外国人支援ネット";
const ngoEn = "Yokohama Foreign Residents Support Network";

test("an NGO caseworker refers a child whose birth was not notified to ISSJ, with consent, and prints the letter", async () => {
  const page = await openPage(e2e.browser, e2e.app);
  try {
    await flow(page);
  } catch (err) {
    await page.screenshot({ path: path.join(artefacts, "referral-failure.png"), fullPage: true });
    throw err;
  }
});

async function flow(page) {
  // The administrator adds the caseworker's organisation to the directory, creates the caseworker's account and
  // gives it that organisation.
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: adminPw });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor(); // the account list has loaded
  await addAccount(page, ja, { username: "suzuki", displayName: "鈴木 一郎", role: "ngo", password: ngoPw });
  await field(page, ja, "orgs.field.id").fill("yokohama_net");
  await field(page, ja, "orgs.field.nameJa").fill(ngoJa);
  await field(page, ja, "orgs.field.nameEn").fill(ngoEn);
  await field(page, ja, "orgs.field.phone").fill("045-000-0000");
  await click(page, ja, "orgs.new.submit");
  await page.getByText(t(ja, "orgs.saved", { Name: ngoJa })).waitFor();
  await choose(page, `${t(ja, "admin.org.user.label")}$`, "鈴木 一郎 (suzuki)");
  await choose(page, `${t(ja, "admin.org.label")}$`, ngoJa);
  await click(page, ja, "admin.org.submit");
  await page.getByText(t(ja, "admin.org.saved", { Name: "鈴木 一郎", Org: ngoJa })).waitFor();
  await screen(page, "admin-org-set");
  await signOut(page, ja);

  // The caseworker opens a case for the child; the parent speaks English.
  await signIn(page, ja, "suzuki", ngoPw);
  await heading(page, t(ja, "cases.home.title"));
  await screen(page, "case-home-empty");
  await click(page, ja, "cases.new.button");
  await heading(page, t(ja, "cases.new.title"));
  await field(page, ja, "cases.person.name.label").fill("Nguyen Thi Lan");
  await radio(page, "English");
  await field(page, ja, "cases.person.contact.label").fill("母 Nguyen Thi Hoa 090-1111-2222");
  await field(page, ja, "cases.person.notes.label").fill("母は英語が少し話せる。");
  await screen(page, "new-case");
  await click(page, ja, "cases.new.submit");
  await heading(page, "Nguyen Thi Lan");

  // The situation: born in Japan, today its 20th day counting the day of birth (as the Family Register Act
  // counts), birth not notified, no status applied for; nationality not known; a parent on a mid-to-long-term status.
  await click(page, ja, "cases.situation.record");
  await heading(page, t(ja, "cases.situation.title"));
  await click(page, ja, "cases.situation.submit"); // nothing answered: the error summary
  await page.getByRole("alert").waitFor();
  await screen(page, "situation-errors");
  await radio(page, t(ja, "residency.category.transitional_birth"));
  await choose(page, `${t(ja, "cases.situation.nationality.label")}$`, t(ja, "nationality.unknown"));
  await fillDate(page, ja, "cases.situation.birthDate.legend", japanDay(-19));
  await yesNo(page, ja, "cases.situation.bornInJapan.label", true);
  await yesNo(page, ja, "cases.situation.birthNotified.label", false);
  await yesNo(page, ja, "cases.situation.statusApplied.label", false);
  await choose(page, `${t(ja, "cases.situation.parentCategory.label")}$`, t(ja, "residency.category.mid_to_long_term"));
  await screen(page, "situation");
  await click(page, ja, "cases.situation.submit");
  await heading(page, "Nguyen Thi Lan");

  // The case: the overdue birth notification and the status application due in 10 days.
  const timeline = page.getByRole("list", { name: t(ja, "cases.timeline.heading") });
  const birth = timeline.getByRole("listitem").filter({ hasText: t(ja, "residency.deadline.birth_notification") });
  await birth.getByText(t(ja, "cases.days.overdue", { Count: 6 })).waitFor();
  const status = timeline.getByRole("listitem").filter({ hasText: t(ja, "residency.deadline.status_application") });
  await status.getByText(t(ja, "cases.days.left", { Count: 10 })).waitFor();
  await page.getByText(t(ja, "residency.flag.unregistered_birth")).waitFor();
  await screen(page, "case-with-situation");

  // The dashboard lists both, the overdue one first.
  await page.getByRole("link", { name: t(ja, "cases.back.home") }).click();
  await heading(page, t(ja, "cases.home.title"));
  const rows = page.getByRole("table", { name: t(ja, "cases.due.heading") }).getByRole("row");
  await rows.nth(1).getByText(t(ja, "residency.deadline.birth_notification")).waitFor();
  await page.getByRole("img", { name: t(ja, "cases.due.chart.title") }).waitFor();
  await screen(page, "dashboard");
  await page.getByRole("link", { name: "Nguyen Thi Lan" }).first().click();
  await heading(page, "Nguyen Thi Lan");

  // Refer to ISSJ, suggested by the rules.
  await click(page, ja, "cases.refer.to", { Org: issjJa });
  await heading(page, t(ja, "cases.refer.title"));
  await field(page, ja, "cases.referral.reason.label").fill("出生届が未提出で、子どもの国籍が不明です。国籍取得と在留資格の申請について支援をお願いします。");
  await screen(page, "referral-new");
  await click(page, ja, "cases.refer.submit");
  await heading(page, t(ja, "cases.referral.title", { Org: issjJa }));

  // No consent yet: it cannot be sent.
  await click(page, ja, "cases.send.submit");
  await page.getByRole("alert").getByText(t(ja, "cases.referral.error.noConsent")).waitFor();

  // Before asking, the caseworker reads the mother the consent statement in English (the Japanese beside it):
  // what would be shared, with ISSJ, why, that she may refuse or withdraw, never the Individual Number.
  const statement = page.getByRole("region", { name: t(ja, "cases.consent.statement.title") });
  const toMother = statement.locator('[lang="en"]');
  for (const id of ["share", "fields.choose", "purpose", "refuse", "withdraw", "number"]) {
    await toMother.getByText(t("en", `cases.consent.statement.${id}`, { Org: issjEn }), { exact: true }).waitFor();
  }
  await toMother.getByText(t("en", "cases.field.contact"), { exact: true }).waitFor();
  await statement.locator('[lang="ja"]').getByText(t(ja, "cases.consent.statement.share", { Org: issjJa }), { exact: true }).waitFor();

  // The mother consents, through an interpreter, to share the name, date of birth, language and situation.
  await field(page, ja, "cases.consent.givenBy.label").fill("Nguyen Thi Hoa");
  await radio(page, t(ja, "cases.consent.relationship.parent"));
  for (const f of ["name", "birthDate", "language", "situation"]) {
    await page.getByRole("checkbox", { name: t(ja, `cases.field.${f}`), exact: true }).check({ force: true });
  }
  await fillDate(page, ja, "cases.consent.day.legend", japanDay(0));
  await radio(page, t(ja, "cases.consent.method.spoken_interpreter"));
  await page.getByRole("radiogroup", { name: t(ja, "cases.consent.interpreterLanguage.label") }).getByRole("radio", { name: "English" }).check({ force: true });
  await field(page, ja, "cases.consent.interpreterName.label").fill("佐藤 由美");
  // The statement now says exactly what would be shared.
  await toMother.getByText(t("en", "cases.consent.statement.fields.chosen"), { exact: true }).waitFor();
  assert.equal(await toMother.getByText(t("en", "cases.field.contact"), { exact: true }).count(), 0);
  await screen(page, "consent");
  await click(page, ja, "cases.consent.submit");
  await page.getByText(t(ja, "cases.consent.recorded")).waitFor();
  await click(page, ja, "cases.send.submit");
  await page.getByText(t(ja, "cases.referral.sent", { Org: issjJa })).waitFor();
  await screen(page, "referral-sent");

  // The letter: Japanese and English side by side, only the consented fields, no Individual Number.
  await click(page, ja, "cases.letter.open");
  await heading(page, t(ja, "cases.letter.heading"));
  const jaCol = page.locator('article[lang="ja"]');
  const enCol = page.locator('article[lang="en"]');
  await jaCol.getByRole("heading", { name: t(ja, "cases.letter.title") }).waitFor();
  await enCol.getByRole("heading", { name: t("en", "cases.letter.title") }).waitFor();
  await enCol.getByText(t("en", "cases.letter.to", { Org: issjEn })).waitFor();
  await enCol.getByText(t("en", "cases.letter.from", { Org: ngoEn })).waitFor();
  await jaCol.getByText(t(ja, "cases.letter.from", { Org: ngoJa })).waitFor();
  await enCol.getByText("Nguyen Thi Lan").waitFor();
  await enCol.getByText(t("en", "residency.flag.unregistered_birth")).waitFor();
  await jaCol.getByText(t(ja, "residency.flag.unregistered_birth")).waitFor();
  const text = await page.locator(".letter").innerText();
  for (const secret of ["090-1111-2222", "英語が少し", t(ja, "cases.field.contact"), t(ja, "cases.field.notes")]) {
    assert.ok(!text.includes(secret), `the letter shows ${secret}, which was not consented`);
  }
  await screen(page, "letter");

  // Print: recorded by the desk, then the print dialog (stubbed here), and the PDF Chromium makes of the page.
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = true;
    };
  });
  await click(page, ja, "cases.letter.print");
  await page.waitForFunction(() => window.__printed === true);
  // On paper: the letter's two columns, without the header or the buttons.
  await page.emulateMedia({ media: "print" });
  assert.ok(await enCol.isVisible(), "the letter is not printed");
  assert.ok(await jaCol.isVisible(), "the letter is not printed");
  assert.ok(!(await page.getByRole("button", { name: t(ja, "cases.letter.print") }).isVisible()), "the print button is printed");
  assert.ok(!(await page.locator(".app-header").isVisible()), "the header is printed");
  await page.emulateMedia({ media: "screen" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const file = path.join(artefacts, "referral-letter.pdf");
  writeFileSync(file, pdf);
  assert.ok(statSync(file).size > 1000, "the letter PDF is empty");
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
}
