import { afterEach, describe, expect, test, vi } from "vitest";
import { catalog, startLanguage, translate, translator } from "./i18n";

describe("t()", () => {
  const added: [string, string][] = [];
  function add(lang: string, id: string, message: (typeof catalog)[string][string]) {
    catalog[lang] ??= {};
    catalog[lang][id] = message;
    added.push([lang, id]);
  }
  afterEach(() => {
    for (const [lang, id] of added.splice(0)) delete catalog[lang][id];
  });

  test("loads every language of the one shared catalog, each naming itself", () => {
    expect(Object.keys(catalog).sort()).toEqual(
      ["en", "es", "fil", "id", "ja", "ja-x-easy", "ko", "ne", "pt-BR", "th", "vi", "zh-Hans", "zh-Hant"],
    );
    const names = Object.fromEntries(Object.keys(catalog).map((l) => [l, translate(l, "meta.language.name")]));
    expect(names).toMatchObject({ ja: "日本語", en: "English", vi: "Tiếng Việt", ko: "한국어", th: "ไทย", ne: "नेपाली", "zh-Hans": "简体中文", "zh-Hant": "繁體中文" });
    // Easy Japanese carries readings; translate() gives the plain words.
    expect(translate("ja-x-easy", "meta.language.name")).not.toMatch(/[{|}]/);
  });

  test("every language has every message of the Japanese catalog, with Vietnamese plurals in the one CLDR form", () => {
    const ids = Object.keys(catalog.ja).sort();
    for (const lang of Object.keys(catalog)) expect(Object.keys(catalog[lang]).sort()).toEqual(ids);
    expect(translate("vi", "handover.tries.left", { Count: 1 })).toBe("Còn 1 lần thử");
    expect(new Intl.PluralRules("vi").resolvedOptions().pluralCategories).toEqual(["other"]);
  });

  test("fills {{.Name}} placeholders", () => {
    add("en", "test.greeting", "Hello {{.Name}}, case {{.Number}}");
    expect(translate("en", "test.greeting", { Name: "Aiko", Number: 12 })).toBe("Hello Aiko, case 12");
    expect(translator("en")("test.greeting", { Name: "Aiko", Number: 3 })).toBe("Hello Aiko, case 3");
  });

  test("chooses plural forms by Count with the language's plural rules", () => {
    add("en", "test.found", { one: "{{.Count}} application", other: "{{.Count}} applications" });
    add("ja", "test.found", { other: "{{.Count}}件" });
    expect(translate("en", "test.found", { Count: 1 })).toBe("1 application");
    expect(translate("en", "test.found", { Count: 0 })).toBe("0 applications");
    expect(translate("en", "test.found", { Count: 7 })).toBe("7 applications");
    expect(translate("ja", "test.found", { Count: 1 })).toBe("1件");
  });

  test("a missing message renders its ID and warns in development", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(translate("en", "test.no.such.message")).toBe("test.no.such.message");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("test.no.such.message"));
    expect(translate("xx", "common.continue")).toBe("common.continue");
  });

  test("the buttons the end-to-end tests look for have stable names", () => {
    expect(translate("en", "common.continue")).toBe("Continue");
    expect(translate("ja", "common.continue")).toBe("次へ");
    expect(translate("ja", "counter.start")).toBe("新しい申請を始める");
    expect(translate("ja", "header.nextApplicant")).toBe("次の方へ");
    expect(translate("ja", "checkAnswers.submit")).toBe("申請準備完了にする");
  });
});

test("the screen language before sign-in follows the OS when the catalog has it", () => {
  expect(startLanguage(["ja", "en"], ["en-GB", "en"])).toBe("en");
  expect(startLanguage(["ja", "en"], ["ja-JP"])).toBe("ja");
  // Easy Japanese is never picked for a Japanese PC on its own, whatever the order of the files.
  expect(startLanguage(["ja-x-easy", "ja", "en"], ["ja-JP", "ja"])).toBe("ja");
  expect(startLanguage(["en", "zh-Hans", "zh-Hant"], ["zh-TW"])).toBe("zh-Hant");
  expect(startLanguage(["en", "zh-Hans", "zh-Hant"], ["zh-CN"])).toBe("zh-Hans");
  expect(startLanguage(["ja", "en"], ["pt-BR"])).toBe("ja");
  expect(startLanguage(["ja", "en", "vi"], ["vi-VN"])).toBe("vi");
});
