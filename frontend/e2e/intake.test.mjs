// End to end through the real app: first run, accounts, one application in Japanese and
// one in English, a restart of the app process in the middle of an application, and
// axe-core on every screen. Screenshots of every screen go to the artefacts folder.
import assert from "node:assert/strict";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, answer as answerStep, choose, click, createAdmin, field, heading, radio, setUpProtection, signIn, signOut, steps } from "./flows.mjs";
import { axeScreens, check, openPage, startApp, useApp } from "./harness.mjs";
import { yamada as japanese } from "./people.mjs";

const e2e = useApp("intake");

const adminPw = "kanrisha password 2026";
const counterPw = "madoguchi counter pw";

const screen = axeScreens("intake");

const answer = (page, lang, step, fill, tag) => answerStep(page, lang, step, fill, tag, screen);

const yamada = { ...japanese, number: "1234 5678 9018" };

const nguyen = {
  applicantLanguageName: "English",
  name: "NGUYEN VAN AN",
  kana: "グエン ヴァン アン",
  birth: { calendar: "gregorian", year: "1995", month: "7", day: "3" },
  sex: "female",
  postalCode: "1600023",
  address: "東京都新宿区西新宿二丁目8番1号 101",
  nationality: { type: "Viet", pick: "Vietnam" },
  residence: "student",
  stayUntil: "2028年3月31日",
  phone: "080-9876-5432",
};

test("first run, a Japanese application, an English one resumed after a restart", async () => {
  let page = await openPage(e2e.browser, e2e.app);
  const ja = "ja";

  // First run: the data passphrase, the administrator account, then a counter account.
  await heading(page, t(ja, "protection.setup.title"));
  await screen(page, "protection-setup");
  await setUpProtection(page, ja);
  await heading(page, t(ja, "createAdmin.title"));
  await screen(page, "create-admin");
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: adminPw }, { protect: false });
  await screen(page, "admin");
  await addAccount(page, ja, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  await screen(page, "admin-user-added");
  await signOut(page, ja);

  // Counter staff, Japanese screens, Japanese-speaking applicant.
  await signIn(page, ja, "tanaka", counterPw);
  await heading(page, t(ja, "counter.title"));
  await screen(page, "counter-home");
  await click(page, ja, "counter.start");
  const jaSteps = steps(ja, yamada);
  await answer(page, ja, "language", jaSteps.language, "ja");

  // A mistake first: the error summary takes focus and links to the field; nothing typed is lost.
  await heading(page, t(ja, "intake.name.title"));
  await click(page, ja, "common.continue");
  const summary = page.getByRole("alert");
  await summary.waitFor();
  assert.equal(await summary.evaluate((el) => el === document.activeElement), true, "error summary has focus");
  await screen(page, "ja-name-error");
  await summary.getByRole("link").first().click();
  assert.equal(
    await field(page, ja, "intake.name.name.label").evaluate((el) => el === document.activeElement),
    true,
    "the summary's link focuses the field",
  );
  await answer(page, ja, "name", jaSteps.name, "ja");
  for (const step of ["kana", "birth", "sex", "address", "nationality", "contact"]) {
    await answer(page, ja, step, jaSteps[step], "ja");
  }
  // Japanese nationals skip the residence-status question. The Individual Number: a typo in the check digit is
  // caught, the second box must match, and nothing typed is lost.
  await heading(page, t(ja, "intake.number.title"));
  await radio(page, t(ja, "intake.number.recordNumber.option.yes"));
  await field(page, ja, "intake.number.number.label").fill("1234 5678 9019");
  await field(page, ja, "intake.number.numberAgain.label").fill("1234 5678 9019");
  await click(page, ja, "common.continue");
  await page.getByRole("alert").getByRole("link", { name: t(ja, "intake.number.number.error.checkDigit") }).waitFor();
  await screen(page, "ja-number-error");
  assert.equal(await field(page, ja, "intake.number.number.label").inputValue(), "1234 5678 9019", "the typed number is kept");
  await answer(page, ja, "number", jaSteps.number, "ja", screen);
  await heading(page, t(ja, "checkAnswers.title"));
  const body = await page.locator("main").innerText();
  for (const s of ["山田 太郎", "ヤマダ タロウ", "平成", "160-0023", "090-1234-5678", "•••• •••• 9018"]) {
    assert.ok(body.includes(s), `check answers shows ${s}`);
  }
  assert.ok(!(await page.content()).includes("56789018"), "the number is masked until asked for");
  await screen(page, "ja-check-answers");
  await click(page, ja, "checkAnswers.number.reveal");
  await page.getByText("1234 5678 9018", { exact: true }).waitFor();
  await screen(page, "ja-number-revealed");
  await click(page, ja, "checkAnswers.number.hide");
  assert.ok(!(await page.content()).includes("56789018"), "hidden again");
  await click(page, ja, "checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await screen(page, "ja-confirmation");
  await click(page, ja, "header.nextApplicant");
  await heading(page, t(ja, "counter.title"));
  assert.ok(!(await page.content()).includes("山田"), "Next applicant leaves no trace of the previous applicant");
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, databases: 0 }, "nothing of the applicant is kept in browser storage");

  // The case list finds it by reading and by 和暦 birth date.
  for (const q of ["やまだ", "平成2年4月12日"]) {
    await field(page, ja, "counter.search.label").fill(q);
    await click(page, ja, "counter.search.button");
    await page.getByRole("cell", { name: "山田 太郎" }).waitFor();
  }
  await screen(page, "counter-search");

  // Switch the staff screens to English; the applicant speaks English too.
  const en = "en";
  await choose(page, t(ja, "header.staffLanguage.label"), "English");
  await heading(page, t(en, "counter.title"));
  await click(page, en, "header.nextApplicant");
  await click(page, en, "counter.start");
  const enSteps = steps(en, nguyen);
  for (const step of ["language", "name", "kana", "birth", "sex", "address", "nationality", "residence"]) {
    await answer(page, en, step, enSteps[step], "en");
  }
  await heading(page, t(en, "intake.contact.title"));

  // The process dies mid-application (a crash, a power cut): restart it on the same data.
  await page.context().close();
  await e2e.app.kill();
  e2e.app = await startApp(e2e.dataDir);
  page = await openPage(e2e.browser, e2e.app, "en-GB");
  await signIn(page, en, "tanaka", counterPw); // before sign-in the screen follows the PC's language
  await heading(page, t(en, "counter.title"));
  const resume = page.getByRole("button", { name: /Continue application/ });
  await resume.click();
  await answer(page, en, "contact", enSteps.contact, "en-resumed");
  await answer(page, en, "number", enSteps.number, "en-resumed"); // this applicant does not want it recorded
  await heading(page, t(en, "checkAnswers.title"));
  const enBody = await page.locator("main").innerText();
  for (const s of ["NGUYEN VAN AN", "グエン ヴァン アン", "1995", "Vietnam", t(en, "residence.status.student"), "March 31, 2028"]) {
    assert.ok(enBody.includes(s), `check answers after restart shows ${s}`);
  }
  await screen(page, "en-check-answers");

  // Change one answer from check answers, and come back to check answers.
  await page.getByRole("link", { name: new RegExp(`^${t(en, "checkAnswers.change")}.*${t(en, "checkAnswers.phone")}`) }).click();
  await heading(page, t(en, "intake.contact.title"));
  await field(page, en, "intake.contact.phone.label").fill("080-1111-2222");
  await click(page, en, "common.continue");
  await heading(page, t(en, "checkAnswers.title"));
  assert.ok((await page.locator("main").innerText()).includes("080-1111-2222"), "changed answer shown");
  await click(page, en, "checkAnswers.submit");
  await heading(page, t(en, "confirmation.title"));
  await screen(page, "en-confirmation");
  await click(page, en, "header.nextApplicant");
  await heading(page, t(en, "counter.title"));
  assert.ok(!(await page.content()).includes("NGUYEN"), "Next applicant leaves no trace");
  await signOut(page, en);
  await heading(page, t(en, "signin.title"));
  await screen(page, "signin");
});
