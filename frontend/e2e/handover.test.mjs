// End to end through the real card stack: pcscd + vsmartcard-vpcd + the app's own virtual card, read by
// the real app. A matching card is handed over (after the second confirmation its last PIN try needs),
// and a card whose name differs by one character is blocked until a supervisor decides.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, answer as answerStep, click, createAdmin, field, heading, openApplication, signIn, signOut, steps } from "./flows.mjs";
import { axeScreens, dataArgs, insertCard, openPage, useApp } from "./harness.mjs";
import { keysFor } from "./keys.mjs";
import { yamada, yamadaChip } from "./people.mjs";

const e2e = useApp("handover", { pcsc: true });

const ja = "ja";
const adminPw = "kanrisha password 2026";
const counterPw = "madoguchi counter pw";
const supervisorPw = "sekininsha password 1";

const screen = axeScreens("handover");
const holder = yamada;
// His card, with one try left on the card-info input support PIN.
const card = yamadaChip({ cardInfoTries: 1 });

async function apply(page, who, expectSimilar = false) {
  await click(page, ja, "counter.start");
  const s = steps(ja, who);
  for (const step of ["language", "name", "kana", "birth", "sex", "address", "nationality", "contact", "number"]) {
    await answerStep(page, ja, step, s[step], "apply");
  }
  await heading(page, t(ja, "checkAnswers.title"));
  if (expectSimilar) {
    // Same birth date and reading, one character apart: warned, side by side, never merged.
    await page.getByRole("heading", { level: 2, name: t(ja, "checkAnswers.similar.heading") }).waitFor();
    await screen(page, "similar-person-warning");
  }
  await click(page, ja, "checkAnswers.submit");
  await heading(page, t(ja, "confirmation.title"));
  await click(page, ja, "header.nextApplicant");
  await heading(page, t(ja, "counter.title"));
}

async function readCard(page, pin) {
  await page.getByText(t(ja, "handover.card.present")).first().waitFor({ timeout: 15000 });
  await field(page, ja, "handover.pin.label").fill(pin);
}

test("handover: last try needs a second confirmation, a matching card is accepted, a one-character difference is blocked", async () => {
  const page = await openPage(e2e.browser, e2e.app);
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: adminPw });
  for (const [username, displayName, role, password] of [["tanaka", "田中 一郎", "counter", counterPw], ["suzuki", "鈴木 次郎", "supervisor", supervisorPw]]) {
    await page.getByRole("cell", { name: "kanri", exact: true }).waitFor(); // the account list has loaded
    await addAccount(page, ja, { username, displayName, role, password });
  }
  await signOut(page, ja);
  await signIn(page, ja, "tanaka", counterPw);
  await heading(page, t(ja, "counter.title"));
  await apply(page, holder);
  await apply(page, { ...holder, name: "山田 太朗" }, true); // 朗, not 郎: one character

  const virtualCard = await insertCard(card, 0, path.join(e2e.dataDir, "chip-trust"));
  try {
    // 0. On the counter home, "Check a card" shows the tries left without asking for any PIN.
    await page.getByRole("heading", { name: t(ja, "counter.cardCheck.heading") }).waitFor();
    await page.getByText(t(ja, "handover.tries.left", { Count: 1 })).first().waitFor({ timeout: 15000 });
    await screen(page, "card-check");

    // 1. The matching card, with one PIN try left.
    await openApplication(page, "山田 太郎");
    await click(page, ja, "readyApplication.handOver");
    await heading(page, t(ja, "handover.title"));
    await page.getByText(t(ja, "handover.lastTry.warning")).first().waitFor({ timeout: 15000 });
    await screen(page, "last-try-warning");
    await readCard(page, "2468");
    const lastTry = page.getByRole("button", { name: t(ja, "handover.pin.submitLastTry"), exact: true });
    await lastTry.click(); // without the confirmation: nothing may be sent
    await page.getByRole("alert").waitFor();
    await screen(page, "last-try-unconfirmed");
    await page.getByRole("checkbox", { name: t(ja, "handover.lastTry.confirm") }).check({ force: true });
    await field(page, ja, "handover.pin.label").fill("2468");
    await lastTry.click();
    await heading(page, t(ja, "handover.title"));
    await page.getByText(t(ja, "handover.match.title")).waitFor({ timeout: 15000 });
    const table = page.getByRole("table", { name: t(ja, "handover.compare.caption") });
    assert.equal(await table.getByText(t(ja, "handover.compare.differs"), { exact: true }).count(), 0, "no item differs");
    await page.getByText(t(ja, "handover.chip.authentic"), { exact: true }).waitFor(); // signed by the trusted issuer
    await screen(page, "match");
    await click(page, ja, "handover.complete");
    await page.getByText(t(ja, "handover.done.title")).first().waitFor();
    await screen(page, "handed-over");
    await click(page, ja, "header.nextApplicant");
    await heading(page, t(ja, "counter.title"));

    // 2. The same card against the application whose name differs by one character.
    await openApplication(page, "山田 太朗");
    await click(page, ja, "readyApplication.handOver");
    await heading(page, t(ja, "handover.title"));
    await readCard(page, "2468"); // the correct PIN reset the tries to 3: no confirmation now
    await click(page, ja, "handover.pin.submit");
    await page.getByText(t(ja, "handover.mismatch.title")).waitFor({ timeout: 15000 });
    const rows = page.getByRole("table", { name: t(ja, "handover.compare.caption") }).getByRole("row");
    const nameRow = rows.filter({ hasText: t(ja, "handover.item.name") });
    assert.ok((await nameRow.innerText()).includes(t(ja, "handover.compare.differs")), "the name row says it differs");
    assert.equal(await page.getByRole("button", { name: t(ja, "handover.complete"), exact: true }).count(), 0, "no way to hand over");
    await screen(page, "mismatch-blocked");

    // A counter clerk's own password is not a supervisor's decision.
    await field(page, ja, "handover.supervisor.username.label").fill("tanaka");
    await field(page, ja, "handover.supervisor.password.label").fill(counterPw);
    await field(page, ja, "handover.supervisor.reason.label").fill("住民票の写しで氏名の字体を確認しました。");
    await click(page, ja, "handover.supervisor.submit");
    await page.getByText(t(ja, "desk.handover.error.notSupervisor")).first().waitFor();
    await screen(page, "override-refused");
    // The supervisor's decision with the keyboard alone (WCAG 2.1.1): over the clerk's name and password.
    const ks = keysFor(page, ja);
    await ks.replaceIn("handover.supervisor.username.label", "suzuki");
    await ks.replaceIn("handover.supervisor.password.label", supervisorPw);
    await ks.pressButton("handover.supervisor.submit");
    await page.getByText(t(ja, "handover.done.title")).first().waitFor();
    await screen(page, "override-handed-over");

    // 3. At intake, the Individual Number read from the applicant's own card. A card whose name differs by one
    //    character from the application is refused: a family member's card must never lend its number.
    await click(page, ja, "header.nextApplicant");
    for (const [who, ok] of [[{ ...holder, name: "山田 太朗" }, false], [holder, true]]) {
      await heading(page, t(ja, "counter.title"));
      await click(page, ja, "counter.start");
      const s = steps(ja, who);
      for (const step of ["language", "name", "kana", "birth", "sex", "address", "nationality", "contact"]) {
        await answerStep(page, ja, step, s[step], "number-card");
      }
      await heading(page, t(ja, "intake.number.title"));
      await page.getByRole("radio", { name: t(ja, "intake.number.recordNumber.option.yes"), exact: true }).check({ force: true });
      await page.getByRole("link", { name: t(ja, "intake.number.fromCard.link") }).click();
      await heading(page, t(ja, "numberFromCard.title"));
      await readCard(page, "2468");
      await click(page, ja, "handover.pin.submit");
      if (!ok) {
        await page.getByRole("alert").getByText(t(ja, "desk.error.numberCardDiffers")).waitFor({ timeout: 15000 });
        await screen(page, "number-card-refused");
        await click(page, ja, "header.nextApplicant");
        continue;
      }
      await heading(page, t(ja, "checkAnswers.title"));
      const body = await page.locator("main").innerText();
      assert.ok(body.includes("•••• •••• 9018"), "the card's number is recorded, masked");
      assert.ok(!(await page.content()).includes("56789018"), "its digits never reach the window unasked");
      await screen(page, "number-from-card");
    }

    // 4. The handover with the keyboard alone (WCAG 2.1.1): this last application, submitted, is found, opened and
    //    handed over without the mouse. The correct PIN above reset the tries to 3: no last-try step now.
    await click(page, ja, "checkAnswers.submit");
    await heading(page, t(ja, "confirmation.title"));
    await click(page, ja, "header.nextApplicant");
    await heading(page, t(ja, "counter.title"));
    const k = keysFor(page, ja);
    await k.typeInto("counter.search.label", "山田 太郎");
    await k.press("Enter");
    await k.tabTo(page.getByRole("link", { name: "山田 太郎", exact: true }).first());
    await k.press("Enter");
    await heading(page, t(ja, "readyApplication.title"));
    await k.pressButton("readyApplication.handOver");
    await heading(page, t(ja, "handover.title"));
    await page.getByText(t(ja, "handover.card.present")).first().waitFor({ timeout: 15000 });
    await k.typeInto("handover.pin.label", "2468");
    await k.press("Enter");
    await page.getByText(t(ja, "handover.match.title")).waitFor({ timeout: 15000 });
    await k.pressButton("handover.complete");
    await page.getByText(t(ja, "handover.done.title")).first().waitFor();
    await screen(page, "keyboard-handed-over");
    console.log(`handover with the keyboard alone: ${k.presses} key presses besides the typed text`);

    // The override, the handovers and the reads are in the audit trail, and its keyed chain is whole: the command
    // runs as the same account on the same PC, so it finds the data key in the keyring the app uses.
    const verify = spawnSync(process.env.MADOGUCHI_E2E_BIN ?? "../build/bin/madoguchi-e2e", [...dataArgs(e2e.dataDir), "audit", "verify"], {
      encoding: "utf8",
      env: { ...process.env, XDG_CONFIG_HOME: `${e2e.dataDir}.config` },
    });
    assert.equal(verify.status, 0, `audit verify: ${verify.stdout}${verify.stderr}`);
    const entries = Number(/(\d+) entries/.exec(verify.stdout)?.[1] ?? 0);
    assert.ok(entries >= 10, `audit trail holds ${entries} entries; sign-ins, reads, handovers and the override should be there`);
  } finally {
    await virtualCard.remove();
  }
});
