// Driving the window with the keyboard alone (WCAG 2.1.1), as a keyboard user does: Tab to reach a control,
// typing, arrows for radios and lists, Enter. keysFor(page, lang) counts the key presses (typed text apart).
import assert from "node:assert/strict";
import { t } from "./catalog.mjs";

export function keysFor(page, lang) {
  const k = {
    presses: 0,
    async press(key) {
      k.presses++;
      await page.keyboard.press(key);
    },
    focused: (locator) => locator.evaluate((el) => el === document.activeElement),
    // tabTo presses Tab until the control has focus (shiftTabTo: Shift+Tab, going back up the page).
    async tabTo(locator, max = 150, key = "Tab") {
      await locator.waitFor();
      for (let i = 0; i < max; i++) {
        if (await k.focused(locator)) return;
        await k.press(key);
      }
      throw new Error(`${key} never reached ${locator}`);
    },
    shiftTabTo: (locator, max = 150) => k.tabTo(locator, max, "Shift+Tab"),
    async typeInto(labelId, text, within = page) {
      await k.tabTo(within.getByLabel(t(lang, labelId), { exact: true }));
      await page.keyboard.type(text);
    },
    // replaceIn selects what a box holds (Ctrl+A) and types over it.
    async replaceIn(labelId, text, within = page) {
      await k.tabTo(within.getByLabel(t(lang, labelId), { exact: true }));
      await k.press("Control+A");
      await page.keyboard.type(text);
    },
    async pressButton(id, args) {
      await k.tabTo(page.getByRole("button", { name: t(lang, id, args), exact: true }));
      await k.press("Enter");
    },
    // pickRadio reaches the group with Tab (its checked or first radio) and moves with the arrows to the one
    // wanted; Space checks it when it is where Tab landed.
    async pickRadio(name, within = page) {
      const target = within.getByRole("radio", { name, exact: true });
      await target.waitFor({ state: "attached" });
      const radios = (within === page ? page.getByRole("radiogroup").filter({ has: target }) : within).getByRole("radio");
      for (let i = 0; i < 80 && !(await radios.evaluateAll((els) => els.includes(document.activeElement))); i++) await k.press("Tab");
      for (let i = 0; i < 20 && !(await k.focused(target)); i++) await k.press("ArrowDown");
      if (!(await target.isChecked())) await k.press(" ");
      assert.ok(await target.isChecked(), `${name} is chosen`);
    },
    // pickOption opens a list (react-aria Select: a button named by its label) and moves down to the option
    // (an engine that does not know CSS alternative text names the chosen one with the list's "✓ ").
    async pickOption(label, option) {
      await k.tabTo(page.getByRole("button", { name: new RegExp(label) }));
      await k.press("ArrowDown");
      const target = page.getByRole("option", { name: new RegExp(`^(✓ )?${option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
      await target.waitFor();
      for (let i = 0; i < 30 && !(await k.focused(target)); i++) await k.press("ArrowDown");
      await k.press("Enter");
    },
    async signIn(username, password) {
      await page.getByRole("heading", { level: 1, name: t(lang, "signin.title"), exact: true }).waitFor();
      await k.typeInto("signin.username.label", username);
      await k.typeInto("signin.password.label", password);
      await k.press("Enter");
    },
  };
  return k;
}
