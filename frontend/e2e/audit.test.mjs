// End to end: the supervisor's audit trail. A counter clerk takes an application; the supervisor opens the
// trail from the header, filters it to that clerk, sees the entries, and exports them: the CSV is in the data
// folder's exports/ with exactly those rows, and the export is itself in the trail. axe on every screen.
import assert from "node:assert/strict";
import { readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, choose, click, createAdmin, heading, signIn, signOut } from "./flows.mjs";
import { axeScreens, openPage, startApp, tempDir, useApp } from "./harness.mjs";

const e2e = useApp("audit", { app: false });

const ja = "ja";

const screen = axeScreens("audit");

// csvRows reads the export as Go wrote it: UTF-8 with a BOM, CRLF, a header row, no quoted line breaks here.
function csvRows(file) {
  const text = readFileSync(file, "utf8");
  assert.ok(text.startsWith("\uFEFF"), "the export starts with a byte-order mark, for Excel");
  const [header, ...lines] = text.slice(1).split("\r\n").filter(Boolean);
  const names = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i], v])));
}

test("the supervisor filters the trail to one clerk and exports those entries as CSV", async () => {
  const dir = tempDir("madoguchi-e2e-audit-");
  e2e.defer(() => rmSync(dir, { recursive: true, force: true }));
  const app = await startApp(dir);
  e2e.defer(app.kill);
  const page = await openPage(e2e.browser, app);
  const pw = { admin: "kanrisha password 2026", counter: "madoguchi counter pw", supervisor: "sekininsha pass 2026" };

  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: pw.admin });
  // The admin screen is drawn again once the new account's language is set: check it (and let it settle) first.
  await screen(page, "admin");
  await addAccount(page, ja, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: pw.counter });
  await addAccount(page, ja, { username: "sato", displayName: "佐藤 次郎", role: "supervisor", password: pw.supervisor });
  await signOut(page, ja);

  // The clerk starts an application and signs out.
  await signIn(page, ja, "tanaka", pw.counter);
  await heading(page, t(ja, "counter.title"));
  const clerkNav = page.getByRole("navigation", { name: t(ja, "nav.label") });
  assert.equal(await clerkNav.getByRole("button", { name: t(ja, "nav.audit"), exact: true }).count(), 0, "counter staff are not offered the audit trail");
  await click(page, ja, "counter.start");
  await heading(page, t(ja, "intake.language.title"));
  await signOut(page, ja);

  // The supervisor opens the trail from the header.
  await signIn(page, ja, "sato", pw.supervisor);
  await heading(page, t(ja, "counter.title"));
  const nav = page.getByRole("navigation", { name: t(ja, "nav.label") });
  await screen(page, "supervisor-home");
  await nav.getByRole("button", { name: t(ja, "nav.audit"), exact: true }).click();
  await heading(page, t(ja, "audit.title"));
  await page.getByText(/監査ログに改ざんはありません/).waitFor();
  await page.locator("table").waitFor();
  await screen(page, "trail");

  // A date the desk cannot read: explained on its field, the text kept.
  const from = page.getByLabel(t(ja, "audit.filter.from.label"), { exact: true });
  await from.fill("11月23日");
  await click(page, ja, "audit.filter.apply");
  await page.getByRole("alert").waitFor();
  await screen(page, "filter-error");
  assert.equal(await from.inputValue(), "11月23日");
  await from.fill("");

  // Only the clerk's entries: signed in, created the application, signed out; newest first.
  await choose(page, t(ja, "audit.filter.staff.label"), t(ja, "audit.filter.staff.option", { Name: "田中 一郎", Username: "tanaka" }));
  await click(page, ja, "audit.filter.apply");
  await page.getByText(t(ja, "audit.results.count", { Count: 3 }), { exact: true }).waitFor();
  const actions = await page.locator("table tbody tr td:nth-child(4)").allInnerTexts();
  assert.deepEqual(actions, ["signOut", "create", "signIn"].map((a) => t(ja, `audit.action.${a}`)));
  const record = await page.locator("table tbody tr:nth-child(2) td:nth-child(5)").innerText();
  assert.equal(record, t(ja, "audit.record", { Type: t(ja, "audit.recordType.application"), ID: 1 }));
  await screen(page, "trail-filtered");

  // Export those entries.
  await click(page, ja, "audit.export.submit");
  await page.getByText(t(ja, "audit.export.done", { Count: 3 }), { exact: true }).waitFor();
  const shown = await page.locator(".audit-export__path code").innerText();
  assert.equal(path.dirname(shown), path.join(dir, "exports"), "the export is in the data folder's exports/");
  assert.match(path.basename(shown), /^audit-\d{8}-\d{6}\.csv$/);
  assert.equal(statSync(shown).mode & 0o777, 0o600, "only this OS user reads the export");
  assert.equal(statSync(path.dirname(shown)).mode & 0o777, 0o700);
  await screen(page, "exported");
  assert.equal(
    await page.getByRole("button", { name: t(ja, "audit.export.saveCopy.button"), exact: true }).count(), 0,
    "no native save dialog is offered to a browser on the dev server",
  );

  const rows = csvRows(shown);
  assert.deepEqual(rows.map((r) => r.action), ["signIn", "create", "signOut"], "oldest first, as the log runs");
  assert.equal(new Set(rows.map((r) => r.userId)).size, 1, "one staff member only");
  assert.deepEqual(rows.map((r) => r.role), ["counter", "counter", "counter"]);
  assert.equal(rows[1].recordType, "application");

  // The export is itself in the trail, under the supervisor.
  await choose(page, t(ja, "audit.filter.staff.label"), t(ja, "audit.filter.any"));
  await choose(page, t(ja, "audit.filter.action.label"), t(ja, "audit.action.export"));
  await click(page, ja, "audit.filter.apply");
  await page.getByText(t(ja, "audit.results.count", { Count: 1 }), { exact: true }).waitFor();
  const who = await page.locator("table tbody tr td:nth-child(3)").innerText();
  assert.ok(who.startsWith("佐藤 次郎"), `export recorded under the supervisor, got ${who}`);

  // Back to the counter section.
  await nav.getByRole("button", { name: t(ja, "nav.counter"), exact: true }).click();
  await heading(page, t(ja, "counter.title"));
  await app.kill();
});
