// The application → handover journey (handover.test.mjs, run as it is) with the app on an office's PostgreSQL
// database instead of the SQLite file (issue 15): the harness passes --database to the app and to its commands when
// MADOGUCHI_E2E_DATABASE gives the database's URL. `make test-e2e` runs this file once more beside a throwaway
// server (build/pg.sh) with a database made for it; without the variable there is nothing to run here.
//
// Then, on a database of its own on the same throwaway server, the server is stopped while a clerk is on a
// question: the desk says the shared database cannot be reached, what was typed stays on the screen, and once the
// server is back the same Continue saves it, with the earlier answers still there.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, answer, click, createAdmin, field, heading, settled, signIn, signOut, steps } from "./flows.mjs";
import { axeScreens, database, openPage, startApp, tempDir, useApp } from "./harness.mjs";
import { yamada } from "./people.mjs";

if (database) {
  console.log(`the handover journey on ${database.replace(/\/\/[^@/]*@/, "//…@")}`);
  await import("./handover.test.mjs");
} else {
  test("handover on PostgreSQL", { skip: "MADOGUCHI_E2E_DATABASE is unset: make test-e2e sets it for this file" }, () => {});
}

// server runs pg_ctl on build/pg.sh's throwaway cluster, as the account that owns it. Only this file's apps use
// that cluster, so stopping it disturbs no other test.
function server(...args) {
  const as = (process.env.MADOGUCHI_TEST_PG_AS ?? "").split(" ").filter(Boolean);
  const data = process.env.MADOGUCHI_TEST_PG_DATA;
  const cmd = [...as, path.join(process.env.MADOGUCHI_TEST_PG_BIN, "pg_ctl"), "-D", data, ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8" });
  assert.equal(r.status, 0, `pg_ctl ${args.join(" ")}: ${r.stdout}${r.stderr}`);
}
const stopServer = () => server("-m", "fast", "-w", "stop");
// -l: the server's output goes to build/pg.sh's log, not to pg_ctl's pipes (spawnSync would wait for the server).
const startServer = () => server("-l", path.join(path.dirname(process.env.MADOGUCHI_TEST_PG_DATA), "server.log"), "-o", process.env.MADOGUCHI_TEST_PG_OPTS, "-w", "start");

const unreachable = database ? useApp("unreachable", { app: false }) : null;
const screen = axeScreens("postgres-unreachable");
const ja = "ja";
const counterPw = "madoguchi counter pw";

test("the server stopped mid-question: said so, what was typed kept, saved once it is back", {
  skip: database && process.env.MADOGUCHI_TEST_PG_DATA ? false : "needs build/pg.sh's throwaway server (make test-e2e)",
}, async () => {
  const r = spawnSync(path.join(process.env.MADOGUCHI_TEST_PG_BIN, "createdb"), [`--maintenance-db=${process.env.MADOGUCHI_TEST_POSTGRES}`, "madoguchi_e2e_unreachable"], { encoding: "utf8" });
  assert.equal(r.status, 0, `createdb: ${r.stderr}`);
  const db = process.env.MADOGUCHI_TEST_POSTGRES.replace("/postgres?", "/madoguchi_e2e_unreachable?");
  const dataDir = tempDir("madoguchi-e2e-unreachable-");
  const app = await startApp(dataDir, { db });
  unreachable.defer(() => app.kill());
  let down = false;
  unreachable.defer(() => down && startServer()); // whatever happens, the server is started again
  const page = await openPage(unreachable.browser, app);
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" });
  await page.getByRole("cell", { name: "kanri", exact: true }).waitFor();
  await addAccount(page, ja, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: counterPw });
  await signOut(page, ja);
  await signIn(page, ja, "tanaka", counterPw);
  await heading(page, t(ja, "counter.title"));
  await settled(page);
  await click(page, ja, "counter.start");
  const s = steps(ja, yamada);
  for (const step of ["language", "name"]) await answer(page, ja, step, s[step], "unreachable");

  await heading(page, t(ja, "intake.kana.title"));
  await s.kana(page);
  stopServer();
  down = true;
  await click(page, ja, "common.continue");
  // The message names the database; its words around the name are what the clerk reads.
  const [, after] = t(ja, "store.error.unreachable", { Path: "\u0000" }).split("\u0000");
  await page.getByText(after.trim(), { exact: false }).first().waitFor({ timeout: 15000 });
  await heading(page, t(ja, "intake.kana.title")); // still on the question
  assert.equal(await field(page, ja, "intake.kana.nameKana.label").inputValue(), yamada.kana, "what was typed is on the screen");
  await screen(page, "server-unreachable");

  startServer();
  down = false;
  await click(page, ja, "common.continue"); // the same Continue, the same desk and connection pool
  await heading(page, t(ja, "intake.birth.title"));
  await page.getByRole("link", { name: t(ja, "common.back") }).click();
  await heading(page, t(ja, "intake.kana.title"));
  assert.equal(await field(page, ja, "intake.kana.nameKana.label").inputValue(), "ヤマダ タロウ", "the answer saved after the restart (as katakana)");
  await page.getByRole("link", { name: t(ja, "common.back") }).click();
  await heading(page, t(ja, "intake.name.title"));
  assert.equal(await field(page, ja, "intake.name.name.label").inputValue(), yamada.name, "the answer saved before the stop");
});
