// Formatting of values for display, in the staff language. Nothing here judges a value: rules live in Go.
import type { EraDate, Language, Org } from "./api";
import type { Translate } from "./i18n";

// isoDate renders "1990-04-12" as a long date ("12 April 1990", "1990年4月12日"); unparsable input is shown as is.
export function isoDate(lang: string, iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(d);
}

// dateTime renders a timestamp in local time, short.
export function dateTime(lang: string, iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

// eraDate renders a Japanese-calendar date from its parts and the catalog's era names ("平成2年4月12日").
export function eraDate(t: Translate, d: EraDate): string {
  const year = d.year === 1 ? t("eraDate.firstYear") : String(d.year);
  return t("eraDate.format", { Era: t(`date.era.${d.era}`), Year: year, Month: d.month, Day: d.day });
}

const regionNames = new Map<string, Intl.DisplayNames>();
// countryName names a nationality answer: a country code through Intl, or "stateless"/"unknown" through the catalog.
export function countryName(lang: string, t: Translate, code: string): string {
  if (code === "stateless" || code === "unknown") return t(`nationality.${code}`);
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: "region", fallback: "code" });
    regionNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

// languageName names a language by its own name, from Boot's list.
export function languageName(languages: Language[], tag: string): string {
  return languages.find((l) => l.tag === tag)?.name ?? tag;
}

// halfWidthDigits turns full-width digits (typed with a Japanese IME) into ASCII, for number settings.
export function halfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// auditTime renders a recorded moment in local time to the second: an audit entry's order matters to the second.
export function auditTime(lang: string, iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" }).format(d);
}

// orgName is an organisation's name as a reader of lang reads it: the directory's Japanese name for Japanese and
// Easy Japanese, its English name for every other language (the directory holds no other).
export function orgName(org: Pick<Org, "nameJa" | "nameEn">, lang: string): string {
  return lang === "ja" || lang === "ja-x-easy" ? org.nameJa : org.nameEn;
}
