// The ONE message catalog: locales/<tag>.json at the repository root, shared with Go (go-i18n JSON).
// A message is a string, or plural forms {"one": "...", "other": "..."} chosen by args.Count.
// Placeholders are Go template fields: {{.Name}}.
import { plainText } from "./ruby";

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;
export type Messages = Record<string, Message>;
export type Args = Record<string, string | number>;
export type Translate = (id: string, args?: Args) => string;

const files = import.meta.glob<Messages>("../../locales/*.json", { eager: true, import: "default" });

// catalog maps a language tag ("ja", "en") to its messages.
export const catalog: Record<string, Messages> = {};
for (const [path, messages] of Object.entries(files)) {
  const tag = path.slice(path.lastIndexOf("/") + 1, -".json".length);
  catalog[tag] = messages;
}

// The language used before anyone signs in when the OS language is not in the catalog (as on the Go side).
export const fallbackLanguage = "ja";

const warned = new Set<string>();
function warnOnce(key: string, text: string) {
  if (!import.meta.env.DEV || warned.has(key)) return;
  warned.add(key);
  console.warn(text);
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(lang: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(lang);
    } catch {
      rules = new Intl.PluralRules(fallbackLanguage);
    }
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

function fill(lang: string, id: string, text: string, args?: Args): string {
  return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_all, name: string) => {
    const value = args?.[name];
    if (value === undefined) {
      warnOnce(`${lang}:${id}:${name}`, `i18n: message "${id}" (${lang}) needs argument ${name}`);
      return "";
    }
    return String(value);
  });
}

// translate renders message id in language lang, without furigana (see ruby.tsx). A missing message renders as
// its ID, so a gap is visible rather than blank (and is reported in development).
export function translate(lang: string, id: string, args?: Args): string {
  return plainText(translateMarked(lang, id, args));
}

// translateMarked is translate with the furigana markup kept, for RubyText.
export function translateMarked(lang: string, id: string, args?: Args): string {
  const message = catalog[lang]?.[id];
  if (message === undefined) {
    warnOnce(`${lang}:${id}`, `i18n: no message "${id}" in locales/${lang}.json`);
    return id;
  }
  if (typeof message === "string") return fill(lang, id, message, args);
  const count = Number(args?.Count ?? 0);
  const form = message[pluralCategory(lang, count)] ?? message.other;
  return fill(lang, id, form, args);
}

// translator binds translate to one language.
export function translator(lang: string): Translate {
  return (id, args) => translate(lang, id, args);
}

// hasMessage reports whether the catalog holds id in lang (for optional texts such as hints).
export function hasMessage(lang: string, id: string): boolean {
  return catalog[lang]?.[id] !== undefined;
}

// scriptOf is the script a locale is usually written in ("zh-TW" → "hant"), "" if unknown.
function scriptOf(locale: string): string {
  try {
    return (new Intl.Locale(locale).maximize().script ?? "").toLowerCase();
  } catch {
    return "";
  }
}

// startLanguage picks the screen language before sign-in: the OS language if the catalog has it.
export function startLanguage(available: string[], preferred: readonly string[] = navigator.languages ?? []): string {
  for (const want of preferred) {
    const base = want.toLowerCase().split("-")[0];
    // Exact tag first, then the plain language ("ja" for "ja-JP"), then a regional form; never a private-use
    // variant such as Easy Japanese (ja-x-easy), which staff choose on purpose.
    const hit = available.find((tag) => tag.toLowerCase() === want.toLowerCase()) ??
      available.find((tag) => tag.toLowerCase() === `${base}-${scriptOf(want)}`) ??
      available.find((tag) => tag.toLowerCase() === base) ??
      available.find((tag) => tag.toLowerCase().split("-")[0] === base && !tag.toLowerCase().includes("-x-"));
    if (hit) return hit;
  }
  return available.includes(fallbackLanguage) ? fallbackLanguage : (available[0] ?? fallbackLanguage);
}

const rtl = new Set(["ar", "fa", "he", "ur", "ps", "yi", "dv", "ku", "sd", "ug"]);
// textDirection is "rtl" for right-to-left scripts, so text in the applicant's language reads correctly.
export function textDirection(lang: string): "ltr" | "rtl" {
  return rtl.has(lang.toLowerCase().split("-")[0]) ? "rtl" : "ltr";
}
