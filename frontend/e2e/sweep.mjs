// Every screen in every language (issue 7, WCAG 2.2 AA): sweep.screen() takes the screen now shown through each
// language of the catalog with the header's screen-language list, and on each runs axe-core, measures the targets
// (2.5.8), doubles the text (1.4.4) and asks Chromium which fonts drew the glyphs (only shipped ones, point 3).
// Problems are collected, not thrown, so one run lists them all; sweep.assertClean() fails the test with the list.
//
// screenFiles is the one list of screens: each source file that draws a page heading, and the sweep names that
// cover it. screens.test.mjs fails when a file draws a heading and is not listed here, or a listed name is never
// swept, so a screen added later joins the sweep or the tests say so.
import assert from "node:assert/strict";
import { languages, t } from "./catalog.mjs";
import { check } from "./harness.mjs";

export const screenFiles = {
  "screens/ProtectionScreens.tsx": ["protection-setup", "protection-unlock"],
  "screens/CreateAdminScreen.tsx": ["create-admin"],
  "screens/AdminScreen.tsx": ["admin", "admin-errors", "admin-import-errors"],
  "screens/SignInScreen.tsx": ["sign-in", "sign-in-errors"],
  "screens/LockedScreen.tsx": ["locked"],
  "screens/BootScreen.tsx": ["startup-problem"],
  "intake/CounterHome.tsx": ["counter-home"],
  "intake/QuestionPage.tsx": [
    "question-language", "question-name", "question-name-errors", "question-kana", "question-birth", "question-sex",
    "question-address", "question-nationality", "question-residence", "question-contact", "question-number",
  ],
  "intake/NumberFromCardPage.tsx": ["number-from-card"],
  "intake/CheckAnswers.tsx": ["check-answers", "check-answers-similar"],
  "intake/Confirmation.tsx": ["confirmation"],
  "intake/ReadyApplication.tsx": ["ready-application"],
  "handover/HandoverPage.tsx": ["handover-pin", "handover-pin-wrong", "handover-pin-locked", "handover-card-pulled", "handover-not-my-number", "handover-match", "handover-mismatch"],
  "handover/HandoverDone.tsx": ["handover-done"],
  "audit/AuditTrail.tsx": ["audit-trail"],
  "cases/CaseHome.tsx": ["cases-home"],
  "cases/PersonPage.tsx": ["case-new"],
  "cases/CasePage.tsx": ["case"],
  "cases/SituationPage.tsx": ["situation", "situation-errors"],
  "cases/ReferralNew.tsx": ["referral-new"],
  "cases/ReferralPage.tsx": ["referral-consent"],
  "cases/LetterPage.tsx": ["letter"],
  "lostcard/ReportsHome.tsx": ["lostcard-home"],
  "lostcard/ReportPage.tsx": ["lostcard-report"],
  "lostcard/FiguresPage.tsx": ["lostcard-figures"],
};

// Screens never shown long enough, or to anyone, to sweep: with the reason.
export const notSwept = {
  "boot.title": "the moment between starting and the first screen; it holds one heading and no control",
  "noScreens.title": "shown to a role with no section, which no role has today (app/desk/access.go)",
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// smallTargets lists the controls smaller than 24 × 24 CSS px (WCAG 2.2, 2.5.8 Target Size, minimum). Links inside
// running text are exempt (the criterion's inline exception); a radio or checkbox is measured by its label.
export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("button, [role=button], input, select, textarea, [role=option], [role=radio], [role=checkbox], a.button, .back-link")) {
      // A radio or checkbox is pressed through its whole label (react-aria hides the native input inside it).
      const target = (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label")) || el;
      const r = target.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // not rendered, or visually hidden
      if (el.closest('[aria-hidden="true"]')) continue; // react-aria's hidden native <select>, for autofill only
      if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

// at200 doubles the text size, as a user's browser or OS setting would, and lists what then overflows the window
// sideways (WCAG 1.4.4 Resize Text: nothing lost at 200%). The size is put back afterwards.
export async function at200(page) {
  return page.evaluate(async () => {
    const root = document.documentElement;
    root.style.fontSize = "200%";
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const over = root.scrollWidth > window.innerWidth + 1 ? [`page ${root.scrollWidth}px wide in a ${window.innerWidth}px window`] : [];
    return over;
  }).then(async (over) => {
    const clipped = await clippedText(page);
    await page.evaluate(() => (document.documentElement.style.fontSize = ""));
    return [...over, ...clipped.map((c) => `text cut off: ${c}`)];
  });
}

// clippedText lists elements that cut their own text off (overflow hidden or clip, content wider than the box):
// with text at 200% that is text lost (1.4.4). Visually hidden elements (1 px boxes for screen readers) are meant so.
export async function clippedText(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const style = getComputedStyle(el);
      if (!/hidden|clip/.test(style.overflowX) || !el.textContent?.trim()) continue;
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    return out;
  });
}

// obscuring lists elements fixed or sticky on the page: such an element can cover the focused control as the page
// scrolls (2.4.11 Focus Not Obscured). Madoguchi has none; the header and footer scroll with the page.
export async function obscuring(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        // A 1 px box (react-aria's live announcer, screen-reader text) covers nothing.
        return /fixed|sticky/.test(getComputedStyle(el).position) && r.width > 1 && r.height > 1;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} is ${getComputedStyle(el).position}`),
  );
}

// moving lists the animations running while the user asked for reduced motion (2.3.3; the sweep's page asks for it).
export async function moving(page) {
  return page.evaluate(() =>
    document.getAnimations().filter((a) => a.playState === "running").map((a) => `${a.constructor.name} on ${a.effect?.target?.className ?? "?"}`),
  );
}

// systemFonts lists the text drawn in a font of the machine rather than one Madoguchi ships (issue 7 point 3: every
// script renders on a PC that has no font for it). Chromium says, for each element's own text, which fonts drew its
// glyphs (DevTools CSS.getPlatformFontsForNode); a glyph no shipped font holds falls back to the machine's fonts,
// which a PC without them would draw as empty boxes.
export async function systemFonts(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    // A page still drawing (a card's status arriving) can drop an element between the two questions: ask again
    // over the new document, a few times; after that, what was answered is checked.
    let nodes, answers;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
      nodes = [...drawsText(root)];
      // Asked all at once: DevTools answers in order, without a round trip per element.
      answers = await Promise.all(nodes.map((nodeId) => cdp.send("CSS.getPlatformFontsForNode", { nodeId }).catch(gone)));
      if (!answers.includes(null)) break;
    }
    const last = new Map();
    answers.forEach((answer, i) => {
      for (const f of answer?.fonts.filter((f) => !f.isCustomFont) ?? []) last.set(f.familyName, { nodeId: nodes[i], glyphs: f.glyphCount });
    });
    const out = [];
    for (const [family, { nodeId, glyphs }] of last) {
      const html = await cdp.send("DOM.getOuterHTML", { nodeId }).catch(gone);
      out.push(`${family} drew ${glyphs} glyph(s) in ${html?.outerHTML.slice(0, 160) ?? "an element since removed"}`);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

// gone turns DevTools' answer for an element no longer in the page into null; anything else still fails.
function gone(err) {
  if (/Could not find node/.test(err.message)) return null;
  throw err;
}

// drawsText lists the elements of the body that draw text of their own: those with a text child, and the form
// controls, which draw their value or the browser's own words (a file box's "No file chosen"). Asking Chromium
// about these alone (not every element), all at once, took the sweep from 6 min 47 s to 5 min 22 s on this machine.
function drawsText(root) {
  const out = new Set();
  const controls = new Set(["input", "textarea", "select", "button"]);
  const walk = (node, inBody) => {
    const body = inBody || node.localName === "body";
    if (body && node.nodeType === 3 && node.nodeValue.trim()) out.add(node.parentId);
    if (body && node.nodeType === 1 && controls.has(node.localName)) out.add(node.nodeId);
    for (const child of node.children ?? []) walk(child, body);
  };
  walk(root, false);
  return out;
}

// switchLanguage picks lang in the header's screen-language list and waits until the page is drawn in it.
export async function switchLanguage(page, lang) {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current === lang) return;
  await page.getByRole("button", { name: new RegExp(escape(t(current, "header.staffLanguage.label"))) }).click();
  await page.getByRole("option", { name: t(lang, "meta.language.name"), exact: true }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

export function newSweep(prefix, { shots = ["ja", "en"] } = {}) {
  const problems = [];
  const swept = [];
  return {
    swept,
    // screen sweeps the screen on show through every language. title(lang) gives its h1 (or leave it out when
    // the h1 is data, such as a person's name); ready(page, lang) waits for anything else drawn late.
    async screen(page, name, { title, ready } = {}) {
      assert.ok(Object.values(screenFiles).some((names) => names.includes(name)), `${name} is listed in screenFiles`);
      await page.emulateMedia({ reducedMotion: "reduce" });
      for (const lang of languages()) {
        await switchLanguage(page, lang);
        if (title) await page.getByRole("heading", { level: 1, name: title(lang), exact: true }).waitFor({ timeout: 10000 });
        if (ready) await ready(page, lang);
        const where = `${name} [${lang}]`;
        for (const s of await smallTargets(page)) problems.push(`${where}: target smaller than 24 × 24 px: ${s}`);
        for (const s of await at200(page)) problems.push(`${where}: at 200% text: ${s}`);
        for (const s of await obscuring(page)) problems.push(`${where}: may hide the focus: ${s}`);
        for (const s of await moving(page)) problems.push(`${where}: moves under reduced motion: ${s}`);
        for (const s of await systemFonts(page)) problems.push(`${where}: drawn in a machine font, not a shipped one: ${s}`);
        const violations = await check(page, `${prefix}-${name}-${lang}`, { screenshot: shots.includes(lang) });
        for (const v of violations) problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.join(", ")}`);
      }
      swept.push(name);
    },
    assertClean() {
      assert.deepEqual(problems, [], `problems found on ${swept.length} screens swept:\n${problems.join("\n")}`);
    },
  };
}
