// Message lookup for the tests, from the same locales/ files the app uses, so that
// the tests find buttons and fields by the text a user sees in either language.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");
const cache = {};

export function t(lang, id, args = {}) {
  cache[lang] ??= JSON.parse(readFileSync(path.join(root, `${lang}.json`), "utf8"));
  let msg = cache[lang][id];
  if (msg === undefined) throw new Error(`no message ${id} in ${lang}.json`);
  if (typeof msg === "object") msg = msg.other;
  return msg.replace(/{{\s*\.(\w+)\s*}}/g, (_, k) => String(args[k] ?? ""));
}
