// A city's records: the counter home searched over a database seeded with 10,000 synthetic applicants through
// `madoguchi seed` (the desk's own write path, blind index included), by family name, by the start of a reading
// and by a birth date typed in the Japanese calendar.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { t } from "./catalog.mjs";
import { addAccount, click, createAdmin, dataPassphrase, field, heading, signIn, signOut } from "./flows.mjs";
import { axeScreens, binary, openPage, startApp, tempDir, useApp } from "./harness.mjs";

const e2e = useApp("scale", { app: false });
const screen = axeScreens("scale");
const applicants = 10000;

// results reads the counter home's result table: one {name, kana, birth} per row.
async function results(page) {
  return page.locator("table tbody tr").evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll("td")].map((c) => c.textContent.trim());
      return { name: cells[1], kana: cells[2], birth: cells[3] };
    }),
  );
}

// wareki writes a date in the Japanese calendar, as staff type it (the era's first day onwards).
function wareki(y, m, d) {
  const key = y * 10000 + m * 100 + d;
  for (const [era, first, from] of [["令和", 2019, 20190501], ["平成", 1989, 19890108], ["昭和", 1926, 19261225]]) {
    if (key >= from) return `${era}${y - first + 1}年${m}月${d}日`;
  }
  return `${y}年${m}月${d}日`;
}

// search runs a query from the counter home and returns its results. A query that finds no one comes first, so
// that the table read afterwards is this query's, not the one before.
async function search(page, q) {
  await field(page, "ja", "counter.search.label").fill("ヰヱヰヱ");
  await click(page, "ja", "counter.search.button");
  await page.getByText(t("ja", "counter.results.none")).waitFor();
  const started = Date.now();
  await field(page, "ja", "counter.search.label").fill(q);
  await click(page, "ja", "counter.search.button");
  await page.locator("table caption").waitFor();
  console.log(`# search ${JSON.stringify(q)} over ${applicants} applicants answered on screen in ${Date.now() - started} ms`);
  return results(page);
}

test(`the counter home searches ${applicants} seeded applicants`, async () => {
  const dataDir = tempDir("madoguchi-e2e-scale-");
  e2e.dataDir = dataDir; // removed after the file
  const seeded = spawnSync(binary, ["--data-dir", dataDir, "seed", "--synthetic", String(applicants), "--seed", "7"], {
    env: { ...process.env, XDG_CONFIG_HOME: `${dataDir}.config`, MADOGUCHI_DATA_PASSPHRASE: dataPassphrase },
    encoding: "utf8",
    timeout: 300000,
  });
  assert.equal(seeded.status, 0, `seed failed:\n${seeded.stderr}`);
  assert.match(seeded.stderr, new RegExp(`seeded ${applicants} of ${applicants} applicants`));

  e2e.app = await startApp(dataDir);
  const page = await openPage(e2e.browser, e2e.app);
  const ja = "ja";
  await createAdmin(page, ja, { username: "kanri", displayName: "管理 花子", password: "kanrisha password 2026" }, { protect: false });
  await addAccount(page, ja, { username: "tanaka", displayName: "田中 一郎", role: "counter", password: "madoguchi counter pw" });
  await signOut(page, ja);
  await signIn(page, ja, "tanaka", "madoguchi counter pw");
  await heading(page, t(ja, "counter.title"));

  // Japan's most frequent family name: many applicants, the newest 50 shown, every one a 佐藤 (or 佐藤 in a part).
  const sato = await search(page, "佐藤");
  assert.ok(sato.length > 1, `佐藤 finds several applicants, found ${sato.length}`);
  assert.equal(sato.length, 50, "the newest 50 are shown");
  await page.getByText(t(ja, "counter.results.more", { Count: 50 })).waitFor(); // and staff are told there are more
  for (const r of sato) assert.ok(r.name.split(/[\s　]+/).some((part) => part.startsWith("佐藤")) || r.name.startsWith("佐藤"), `${r.name} is a 佐藤`);
  await screen(page, "search-family-name");

  // The start of a reading, typed in hiragana.
  const kana = await search(page, "さと");
  assert.ok(kana.length > 1);
  for (const r of kana) assert.ok(r.kana.replace(/[\s・]/g, "").startsWith("サト") || r.kana.split(/[\s・]+/).some((p) => p.startsWith("サト")), `${r.kana} starts with サト`);

  // One of them by birth date, typed in the Japanese calendar as staff do.
  const one = sato[0];
  const [y, m, d] = one.birth.match(/\d+/g).map(Number);
  const byDate = await search(page, wareki(y, m, d));
  assert.ok(byDate.some((r) => r.name === one.name), `${one.name} is found by birth date ${one.birth}`);
  for (const r of byDate) assert.equal(r.birth, one.birth);
  await screen(page, "search-birth-date");
});
