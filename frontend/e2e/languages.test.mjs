// End to end, every language of the catalog: the sign-in screen and the counter home photographed in each, with the
// fonts Madoguchi ships (not the machine's) asserted to be the ones loaded for that language's script, and a question
// page whose "read to the applicant" panel is in each applicant language, checked with axe. (Every screen in every
// staff language is checked with axe, target sizes and 200% text by screens.test.mjs.)
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { languages, t } from "./catalog.mjs";
import { addAccount, choose, click, createAdmin, heading, radio, settled, signIn, signOut } from "./flows.mjs";
import { artefacts, axeScreens, openPage, useApp } from "./harness.mjs";
import { systemFonts } from "./sweep.mjs";

const e2e = useApp("languages");

const screen = axeScreens("languages");

// The shipped font each language's own script needs (frontend/src/fonts.css).
const scriptFont = {
  ja: "Noto Sans JP Variable",
  "ja-x-easy": "Noto Sans JP Variable",
  "zh-Hans": "Noto Sans SC Variable",
  "zh-Hant": "Noto Sans TC Variable",
  ko: "Noto Sans KR Variable",
  th: "Noto Sans Thai Variable",
};

// loadedFonts waits until the page's fonts are in and lists the families actually loaded.
async function loadedFonts(page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replace(/^["']|["']$/g, ""));
  });
}

async function shippedFontFor(page, lang) {
  const want = scriptFont[lang] ?? "Noto Sans Variable";
  const fonts = await loadedFonts(page);
  assert.ok(fonts.includes(want), `${lang}: ${want} is loaded (loaded: ${[...new Set(fonts)].join(", ")})`);
  assert.deepEqual(await systemFonts(page), [], `${lang}: every glyph is drawn in a font Madoguchi ships`);
}

// photograph saves the screen as it is drawn in one language (issue 7 point 3: a screenshot per language).
async function photograph(page, name) {
  await page.screenshot({ path: path.join(artefacts, `languages-${name}.png`), fullPage: true });
}

const counterPw = "madoguchi counter pw";

test("every language renders in the fonts Madoguchi ships, and the applicant's language is shown beside the staff's", async () => {
  const all = languages();
  assert.ok(all.length >= 3, "the catalog has languages");
  const page = await openPage(e2e.browser, e2e.app);
  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor(); // the account list has loaded
  await addAccount(page, "ja", { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  await signOut(page, "ja");

  // Before sign-in: the screen language chosen from the header, named in each language's own script.
  let current = "ja";
  for (const lang of all) {
    if (lang !== current) await choose(page, t(current, "header.staffLanguage.label"), t(lang, "meta.language.name"));
    current = lang;
    await heading(page, t(lang, "signin.title"));
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, "<html lang> follows the screen language");
    await shippedFontFor(page, lang);
    await photograph(page, `${lang}-signin`);
  }

  // Signed in, staff screens in each language in turn.
  await signIn(page, current, "tanaka", counterPw);
  await heading(page, t(current, "counter.title"));
  await settled(page);
  for (const lang of all) {
    if (lang !== current) await choose(page, t(current, "header.staffLanguage.label"), t(lang, "meta.language.name"));
    current = lang;
    await heading(page, t(lang, "counter.title"));
    await shippedFontFor(page, lang);
    await photograph(page, `${lang}-counter-home`);
  }

  // Japanese staff, an applicant of each language: the question is repeated in the applicant's language.
  await choose(page, t(current, "header.staffLanguage.label"), t("ja", "meta.language.name"));
  await heading(page, t("ja", "counter.title"));
  await click(page, "ja", "counter.start");
  for (const lang of all.filter((l) => l !== "ja")) {
    await heading(page, t("ja", "intake.language.title"));
    await radio(page, t(lang, "meta.language.name"));
    await click(page, "ja", "common.continue");
    await heading(page, t("ja", "intake.name.title"));
    const panel = page.getByTestId("applicant-panel");
    const question = panel.locator(`[lang="${lang}"]`);
    if (lang === "ja-x-easy") await question.locator("ruby").first().waitFor(); // its text carries readings
    else await question.getByText(t(lang, "intake.name.title"), { exact: true }).waitFor();
    await shippedFontFor(page, lang);
    if (lang === "ja-x-easy") {
      assert.ok((await panel.locator("ruby rt").count()) > 0, "Easy Japanese shows furigana over its kanji");
    }
    await screen(page, `${lang}-applicant-panel`);
    await page.getByRole("link", { name: t("ja", "common.back") }).click();
  }
});
