// End to end, every language of the catalog: the sign-in screen, the counter home and a question page whose
// "read to the applicant" panel is in that language. Each screen is checked with axe and photographed, and the
// fonts Madoguchi ships (not the machine's) must be the ones loaded for that language's script.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { languages, t } from "./catalog.mjs";
import { addAccount, choose, click, createAdmin, heading, radio, signIn, signOut } from "./flows.mjs";
import { artefacts, check, launchBrowser, openPage, startApp, tempDir } from "./harness.mjs";

let chromium, app, dataDir;

before(async () => {
  mkdirSync(artefacts, { recursive: true });
  dataDir = tempDir("madoguchi-e2e-languages-");
  chromium = await launchBrowser();
  app = await startApp(dataDir);
});

after(async () => {
  await app?.kill();
  await chromium?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function screen(page, name) {
  await page.waitForTimeout(50);
  const violations = await check(page, `languages-${name}`);
  assert.deepEqual(violations, [], `${name}: serious or critical axe violations:\n${JSON.stringify(violations, null, 2)}`);
}

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
}

// smallTargets lists the controls smaller than 24 × 24 CSS px (WCAG 2.2, 2.5.8 Target Size, minimum). Links inside
// running text are exempt (the criterion's inline exception); visually hidden native inputs behind react-aria's
// radios and checkboxes are not targets (their labels are).
async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("button, [role=button], input, select, textarea, [role=option], [role=radio], [role=checkbox], a.button, .back-link")) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // not rendered, or visually hidden
      if (el.closest('[aria-hidden="true"]')) continue; // react-aria's hidden native <select>, for autofill only
      if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

// at200 doubles the text size, as a user's browser or OS setting would, and lists what then overflows the window
// sideways (WCAG 1.4.4 Resize Text: nothing lost at 200%). The size is put back afterwards.
async function at200(page) {
  return page.evaluate(async () => {
    const root = document.documentElement;
    const before = root.style.fontSize;
    root.style.fontSize = "200%";
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const over = root.scrollWidth > window.innerWidth + 1 ? [`page ${root.scrollWidth}px wide in a ${window.innerWidth}px window`] : [];
    root.style.fontSize = before;
    return over;
  });
}

async function sizes(page, name) {
  assert.deepEqual(await smallTargets(page), [], `${name}: controls smaller than 24 × 24 px`);
  assert.deepEqual(await at200(page), [], `${name}: content overflows sideways at 200% text`);
}

const counterPw = "madoguchi counter pw";

test("every language renders in the fonts Madoguchi ships, each screen axe-clean, the applicant's language beside the staff's", async () => {
  const all = languages();
  assert.ok(all.length >= 3, "the catalog has languages");
  const page = await openPage(chromium.browser, app);
  await createAdmin(page, "ja", { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor(); // the account list has loaded
  await addAccount(page, "ja", { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  for (const [username, displayName, role] of [["sato", "佐藤 次郎", "supervisor"], ["ngo", "NGO 三子", "ngo"], ["call", "電話 四郎", "callcentre"]]) {
    await addAccount(page, "ja", { username, displayName, role, password: counterPw });
  }
  await signOut(page, "ja");

  // Before sign-in: the screen language chosen from the header, named in each language's own script.
  let current = "ja";
  for (const lang of all) {
    if (lang !== current) await choose(page, t(current, "header.staffLanguage.label"), t(lang, "meta.language.name"));
    current = lang;
    await heading(page, t(lang, "signin.title"));
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, "<html lang> follows the screen language");
    await shippedFontFor(page, lang);
    await sizes(page, `${lang}-signin`);
    await screen(page, `${lang}-signin`);
  }

  // Signed in, staff screens in each language in turn.
  await signIn(page, current, "tanaka", counterPw);
  await heading(page, t(current, "counter.title"));
  await page.waitForTimeout(500); // the desk asks Boot again after sign-in and redraws the header once
  for (const lang of all) {
    if (lang !== current) await choose(page, t(current, "header.staffLanguage.label"), t(lang, "meta.language.name"));
    current = lang;
    await heading(page, t(lang, "counter.title"));
    await shippedFontFor(page, lang);
    await sizes(page, `${lang}-counter-home`);
    await screen(page, `${lang}-counter-home`);
  }

  // Every other role's first screen, in every language.
  await signOut(page, current);
  for (const [username, titleId, then] of [
    ["sato", "audit.title", (p, lang) => p.getByRole("navigation", { name: t(lang, "nav.label") }).getByRole("button", { name: t(lang, "nav.audit"), exact: true }).click()],
    ["ngo", "cases.home.title"],
    ["call", "lostcard.home.title"],
    ["kanri", "admin.title"],
  ]) {
    await signIn(page, current, username, username === "kanri" ? "kanrisha password 2026" : counterPw);
    await page.waitForTimeout(700); // the desk asks Boot again after sign-in and redraws the header once
    current = await page.evaluate(() => document.documentElement.lang); // each account keeps its own language
    for (const lang of all) {
      if (lang !== current) await choose(page, t(current, "header.staffLanguage.label"), t(lang, "meta.language.name"));
      current = lang;
      if (then) await then(page, lang);
      await heading(page, t(lang, titleId));
      await screen(page, `${lang}-${username}`);
    }
    await signOut(page, current);
  }
  await signIn(page, current, "tanaka", counterPw);
  await page.waitForTimeout(700);
  current = await page.evaluate(() => document.documentElement.lang);

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
