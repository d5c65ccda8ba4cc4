// Starts the real dev-tagged Madoguchi binary and drives it through Debian's Chromium.
// The app serves its window's page and the live Go bridge on a local port (Wails dev mode),
// so every click below goes through the same desk methods as in the desktop window.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const artefacts = process.env.ARTEFACTS ?? path.join(here, ".tmp", "artefacts");
export const binary = process.env.MADOGUCHI_E2E_BIN ?? path.join(here, "..", "..", "build", "bin", "madoguchi-e2e");

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForPort(port, proc, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`app exited with ${proc.exitCode} before serving`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => { s.end(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`app did not serve on port ${port} within ${ms} ms`);
}

// database is the office's PostgreSQL database the app runs on when MADOGUCHI_E2E_DATABASE gives its URL
// (e2e/postgres.test.mjs, which make test-e2e runs beside a throwaway server); "" for the SQLite file in the
// data folder, as everywhere else.
export const database = process.env.MADOGUCHI_E2E_DATABASE ?? "";

// dataArgs are the options that put the binary, the window or a command, on dataDir and, in a run on
// PostgreSQL, on its database (--database, which every command takes).
export function dataArgs(dataDir, db = database) {
  return db ? ["--data-dir", dataDir, "--database", db] : ["--data-dir", dataDir];
}

// startApp runs the binary on dataDir and resolves when its page answers. The app keeps its data key in a
// file keyring under XDG_CONFIG_HOME: by default one beside dataDir, so restarts find it as the same PC would;
// pass another configDir to play a PC that does not hold the key. db is the PostgreSQL database (database unless told).
// Its bridge admits only the page it serves, from its own origin with this run's key (docs/data-protection.md,
// The Go bridge under attack): app.url is the link that hands the key to the browser (it sets the key's cookie, then shows
// the page), app.origin the page's origin, app.bridgeKey the key.
export async function startApp(dataDir, { configDir = `${dataDir}.config`, db = database } = {}) {
  const port = await freePort();
  const bridgeKey = randomBytes(32).toString("hex");
  const proc = spawn(binary, dataArgs(dataDir, db), {
    env: {
      ...process.env,
      MADOGUCHI_DEV_BRIDGE_KEY: bridgeKey,
      XDG_CONFIG_HOME: configDir,
      devserver: `127.0.0.1:${port}`,
      assetdir: path.join(here, "..", "dist"),
      frontenddevserverurl: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  try {
    await waitForPort(port, proc);
  } catch (err) {
    proc.kill("SIGKILL");
    throw new Error(`${err.message}\n--- app output ---\n${log}`);
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?bridge=${bridgeKey}`,
    origin,
    bridgeKey,
    log: () => log,
    // kill ends the process the way a power cut or a crash would: no clean shutdown.
    kill: () => new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", resolve);
      proc.kill("SIGKILL");
    }),
  };
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), prefix));
}

// launchBrowser starts Debian's Chromium with a fresh profile (Playwright makes one per launch)
// and no background traffic: this machine has no network.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

// openPage opens the app's window page and waits for the Go bridge.
export async function openPage(browser, app, locale = "ja-JP") {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 860 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  await page.goto(app.url);
  await page.waitForFunction(() => !!window.go?.desk?.Desk, null, { timeout: 15000 });
  return page;
}

// useApp sets up what a test file shares, with node:test's before and after: Chromium, and (unless app is false)
// the app on a fresh data folder; with pcsc, the card stack (and its lock) too. Its fields are there once the
// tests run; a test may restart e2e.app. What a test starts itself it hands to e2e.defer, to be undone after
// the file (last deferred, first undone), before the shared parts go.
export function useApp(name, { app = true, pcsc = false } = {}) {
  const undo = [];
  let stopPCSC;
  const e2e = { chromium: null, browser: null, app: null, dataDir: "", defer: (fn) => undo.push(fn) };
  before(async () => {
    mkdirSync(artefacts, { recursive: true });
    if (pcsc) stopPCSC = await startPCSC();
    e2e.chromium = await launchBrowser();
    e2e.browser = e2e.chromium.browser;
    if (app) {
      e2e.dataDir = tempDir(`madoguchi-e2e-${name}-`);
      e2e.app = await startApp(e2e.dataDir);
    }
  });
  after(async () => {
    for (const fn of undo.reverse()) await fn();
    await e2e.app?.kill();
    await e2e.chromium?.close();
    await stopPCSC?.();
    if (e2e.dataDir) rmSync(e2e.dataDir, { recursive: true, force: true });
  });
  return e2e;
}

// axeScreens returns screen(page, name) for a test file: axe on the screen on show, failing the test on any
// violation, and its screenshot saved as <prefix>-<nn>-<name>.png, numbered in the order the file checks them.
export function axeScreens(prefix) {
  let shots = 0;
  return async function screen(page, name) {
    await page.waitForTimeout(50); // let focus moves and live regions settle
    const violations = await check(page, `${prefix}-${String(++shots).padStart(2, "0")}-${name}`);
    assert.deepEqual(violations, [], `${name}: axe violations:\n${JSON.stringify(violations, null, 2)}`);
  };
}

// check runs axe-core (every rule but the experimental ones: WCAG A/AA and best practice) on the current screen and
// saves its screenshot (unless told not to). It returns every violation, whatever its impact, for the test to
// assert on: the target is none on any screen.
export async function check(page, name, { screenshot = true } = {}) {
  if (screenshot) await page.screenshot({ path: path.join(artefacts, `${name}.png`), fullPage: true });
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

// pcscLock is the file whose flock the Go card tests hold while they use pcscd and vpcd's readers
// (app/card/cardtest.LockPath): e2e takes it too, so a `go test ./...` started beside the e2e waits its turn.
const pcscLock = "/tmp/madoguchi-pcsc.lock";

// lockPCSC waits (up to ten minutes) for the card stack's lock and holds it until the returned function is called
// or this process ends. util-linux's flock holds it, with -o so only flock itself keeps the lock: when cat sees
// its input close (release, or this process gone), flock exits and the lock goes with it.
async function lockPCSC() {
  const proc = spawn("flock", ["-o", "-w", "600", pcscLock, "sh", "-c", "echo held; exec cat >/dev/null"], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    let out = "";
    const waiting = setTimeout(() => console.log(`waiting for ${pcscLock}: another test is using pcscd and the vpcd readers`), 2000);
    proc.stdout.on("data", (d) => {
      out += d;
      if (out.includes("held")) { clearTimeout(waiting); resolve(); }
    });
    proc.once("exit", (code) => { clearTimeout(waiting); reject(new Error(`card-stack lock ${pcscLock}: flock exited ${code}`)); });
  });
  return () => new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once("exit", resolve);
    proc.stdin.end();
  });
}

// startPCSC takes the card stack's lock and makes sure the PC/SC service runs (pcscd with Debian's
// vsmartcard-vpcd driver), starting it in the foreground when it is not; the returned function stops what this
// call started and releases the lock.
export async function startPCSC() {
  const unlock = await lockPCSC();
  try {
    const stopPCSCD = await startPCSCD();
    return async () => {
      await stopPCSCD();
      await unlock();
    };
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function startPCSCD() {
  const socket = "/run/pcscd/pcscd.comm";
  const { existsSync, rmSync: rm } = await import("node:fs");
  if (existsSync(socket)) {
    const alive = await new Promise((resolve) => {
      const s = net.connect(socket, () => { s.end(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (alive) return async () => {};
    rm(socket, { force: true }); // left by a pcscd that was killed hard
  }
  const proc = spawn("pcscd", ["--foreground"], { stdio: "ignore" });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(socket)) throw new Error("pcscd did not start (is the pcscd package installed, and are we root?)");
  await new Promise((r) => setTimeout(r, 500)); // let it load the vpcd driver
  return () => new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once("exit", resolve);
    proc.kill("SIGTERM");
  });
}

// insertCard serves a virtual card (persona: the JSON object of docs/virtual-card.md) on vpcd's reader
// slot with the app's own `card virtual` command. The returned function takes it out again.
// trustDir, when given, receives the card's test chip issuer so the app shows its chip data as authentic.
export async function insertCard(persona, slot = 0, trustDir = "") {
  const dir = tempDir("madoguchi-persona-");
  const file = path.join(dir, "persona.json");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(file, JSON.stringify(persona));
  const args = ["card", "virtual", "--persona", file, "--reader", String(slot)];
  if (trustDir) args.push("--trust-dir", trustDir);
  const proc = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  await new Promise((r) => setTimeout(r, 300));
  if (proc.exitCode !== null) throw new Error(`virtual card exited ${proc.exitCode}:\n${log}`);
  return {
    log: () => log,
    remove: () => new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", resolve);
      proc.kill("SIGTERM");
    }),
  };
}
