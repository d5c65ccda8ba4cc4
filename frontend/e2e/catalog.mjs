// Message lookup for the tests, from the same locales/ files the app uses, so that
// the tests find buttons and fields by the text a user sees in either language.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");
const cache = {};

export function t(lang, id, args = {}) {
  cache[lang] ??= JSON.parse(readFileSync(path.join(root, `${lang}.json`), "utf8"));
  let msg = cache[lang][id];
  if (msg === undefined) throw new Error(`no message ${id} in ${lang}.json`);
  if (typeof msg === "object") msg = msg.other;
  // As the window shows it: placeholders filled, furigana markup {漢字|かんじ} reduced to the word (the reading is
  // drawn above it in <ruby> only where applicants read).
  return msg.replace(/{{\s*\.(\w+)\s*}}/g, (_, k) => String(args[k] ?? "")).replace(/\{([^{}|]+)\|([^{}|]+)\}/g, "$1");
}

// languages lists the catalog's languages as the app does: Japanese, English, then the rest by tag.
export function languages() {
  const rank = (tag) => (tag === "ja" ? "0" : tag === "en" ? "1" : `2${tag}`);
  return readdirSync(root)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}
