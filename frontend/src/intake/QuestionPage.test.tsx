import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { translate } from "../i18n";
import { completeAnswers } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);
const ja = (id: string) => translate("ja", id);

// A counter clerk working in English with a draft already at step.
async function atStep(step: string, answers = {}, staffLanguage = "en") {
  const r = await renderApp({ signedIn: "counter", staffLanguage });
  const app = r.fake.seedApplication(answers);
  r.fake.apps.get(app.id)!.step = step as never;
  fireEvent.change(screen.getByRole("searchbox", { name: en("counter.search.label") }), { target: { value: "" } });
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  return { ...r, app };
}

async function openFirstResult() {
  const table = await screen.findByRole("table");
  fireEvent.click(within(table).getAllByRole("link")[0]);
}

describe("a question page", () => {
  test("starting an application asks the first question, one per page, with focus on the h1", async () => {
    const { fake } = await renderApp({ signedIn: "counter", staffLanguage: "en" });
    fireEvent.click(screen.getByRole("button", { name: "Start a new application" }));
    const heading = await h1(en("intake.language.title"));
    expect(document.activeElement).toBe(heading);
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    expect(fake.callsTo("StartApplication")).toHaveLength(1);
    // Languages are named in themselves and marked with their lang.
    expect(screen.getByRole("radio", { name: "日本語" }).closest("label")).toHaveProperty("lang", "ja");

    fireEvent.click(screen.getByRole("radio", { name: "English" }));
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("intake.name.title"));
    expect(fake.callsTo("SaveStep")[0]).toEqual([1, "language", { applicantLanguage: "en" }]);
  });

  test("on an error: focused error summary, links to each field, inline errors, and nothing typed is lost", async () => {
    const { fake } = await atStep("name", { applicantLanguage: "en" });
    await openFirstResult();
    await h1(en("intake.name.title"));

    const alias = screen.getByRole("textbox", { name: en("intake.name.alias.label") });
    fireEvent.change(alias, { target: { value: "Yamada Taro" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));

    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("heading", { name: en("errorSummary.title") })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(summary));
    const message = en("intake.name.name.error.required");
    const link = within(summary).getByRole("link", { name: message });

    const name = screen.getByRole("textbox", { name: en("intake.name.name.label") });
    expect(name.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (name.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(describedBy.join(" ")).toContain(message);

    fireEvent.click(link);
    expect(document.activeElement).toBe(name);

    // What was typed is still there, and nothing was saved.
    expect((screen.getByRole("textbox", { name: en("intake.name.alias.label") }) as HTMLInputElement).value).toBe("Yamada Taro");
    expect(fake.apps.get(1)!.answers.alias).toBeUndefined();

    fireEvent.change(name, { target: { value: "YAMADA TARO" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("intake.kana.title"));
    expect(fake.callsTo("SaveStep").at(-1)).toEqual([1, "name", { name: "YAMADA TARO", alias: "Yamada Taro" }]);
  });

  test("the back link opens the previous step", async () => {
    const { fake } = await atStep("kana", { applicantLanguage: "en", name: "YAMADA TARO" });
    await openFirstResult();
    await h1(en("intake.kana.title"));
    fireEvent.click(screen.getByRole("link", { name: en("common.back") }));
    const heading = await h1(en("intake.name.title"));
    expect(fake.callsTo("OpenStep").at(-1)).toEqual([1, "name"]);
    expect(document.activeElement).toBe(heading);
    expect((screen.getByRole("textbox", { name: en("intake.name.name.label") }) as HTMLInputElement).value).toBe("YAMADA TARO");
  });

  test("the question is repeated in the applicant's language, marked with its lang, only when it differs", async () => {
    await atStep("sex", { ...completeAnswers, applicantLanguage: "ja", sex: "" });
    await openFirstResult();
    await h1(en("intake.sex.title"));
    const panel = screen.getByRole("region", { name: en("intake.readToApplicant.title") });
    const question = within(panel).getByText(ja("intake.sex.title"));
    expect(question.closest("[lang]")?.getAttribute("lang")).toBe("ja");
  });

  test("no applicant-language panel when the applicant speaks the staff language", async () => {
    await atStep("sex", { ...completeAnswers, applicantLanguage: "en", sex: "" });
    await openFirstResult();
    await h1(en("intake.sex.title"));
    expect(screen.queryByRole("region", { name: en("intake.readToApplicant.title") })).toBeNull();
    expect(screen.queryByText(en("intake.readToApplicant.title"))).toBeNull();
  });

  test("the date of birth in the Japanese calendar: era list, year, month, day", async () => {
    const { fake } = await atStep("birth", { applicantLanguage: "en", name: "A", nameKana: "ア" });
    await openFirstResult();
    await h1(en("intake.birth.title"));
    expect(screen.queryByRole("button", { name: new RegExp(en("intake.birth.birthEra.label")) })).toBeNull();
    fireEvent.click(screen.getByRole("radio", { name: en("intake.birth.birthCalendar.option.japanese") }));
    fireEvent.click(await screen.findByRole("button", { name: new RegExp(en("intake.birth.birthEra.label")) }));
    fireEvent.click(await screen.findByRole("option", { name: en("date.era.heisei") }));
    fireEvent.change(screen.getByRole("textbox", { name: en("intake.birth.birthYear.label") }), { target: { value: "2" } });
    fireEvent.change(screen.getByRole("textbox", { name: en("intake.birth.birthMonth.label") }), { target: { value: "4" } });
    fireEvent.change(screen.getByRole("textbox", { name: en("intake.birth.birthDay.label") }), { target: { value: "12" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await h1(en("intake.sex.title"));
    expect(fake.callsTo("SaveStep").at(-1)?.[2]).toEqual({
      birthCalendar: "japanese", birthEra: "heisei", birthYear: "2", birthMonth: "4", birthDay: "12",
    });
  });

  test("nationality is chosen from a searchable list named in the staff language", async () => {
    const { fake } = await atStep("nationality", { ...completeAnswers, nationality: "" });
    await openFirstResult();
    await h1(en("intake.nationality.title"));
    const box = screen.getByRole("combobox", { name: en("intake.nationality.nationality.label") });
    act(() => box.focus());
    fireEvent.change(box, { target: { value: "viet" } });
    fireEvent.click(await screen.findByRole("option", { name: "Vietnam" }));
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(fake.callsTo("SaveStep").at(-1)?.[2]).toEqual({ nationality: "VN" }));
  });
});
