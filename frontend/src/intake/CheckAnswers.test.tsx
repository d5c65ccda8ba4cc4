import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import type { SimilarApplication } from "../api";
import { translate } from "../i18n";
import { completeAnswers, type FakeDesk } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

async function atCheck(answers = completeAnswers, setup?: (fake: FakeDesk, id: number) => void) {
  const r = await renderApp({ signedIn: "counter", staffLanguage: "en" });
  const app = r.fake.seedApplication(answers, { step: "check" });
  setup?.(r.fake, app.id);
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  fireEvent.click(within(await screen.findByRole("table")).getByRole("link", { name: answers.name }));
  await h1(en("checkAnswers.title"));
  return r;
}

function row(label: string) {
  // The staff label is the term's first text; the applicant's-language label may follow it.
  const key = screen.getAllByRole("term").find((dt) => dt.firstChild?.textContent === label);
  if (!key) throw new Error(`no row ${label}`);
  return key.parentElement as HTMLElement;
}

test("check answers lists every answer, the birth date in both calendars and the nationality by name", async () => {
  await atCheck({ ...completeAnswers, birthCalendar: "japanese", birthEra: "heisei", birthYear: "2" });
  expect(row(en("checkAnswers.name")).textContent).toContain("NGUYEN VAN AN");
  const birth = row(en("checkAnswers.birthDate")).textContent ?? "";
  expect(birth).toContain(new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date("1990-04-12T00:00:00Z")));
  expect(birth).toContain(en("date.era.heisei"));
  expect(row(en("checkAnswers.nationality")).textContent).toContain("Vietnam");
  expect(row(en("checkAnswers.residenceStatus")).textContent).toContain(en("residence.status.student"));
});

test("with an applicant's language other than the staff's, the answers in words the app chose are shown in it too", async () => {
  await atCheck({ ...completeAnswers, applicantLanguage: "ko" });
  const alt = (label: string) => [...row(en(label)).querySelectorAll('dd [lang="ko"]')].map((e) => e.textContent);
  expect(alt("checkAnswers.sex")).toEqual([translate("ko", "intake.sex.sex.option.male")]);
  expect(alt("checkAnswers.nationality")).toEqual([new Intl.DisplayNames("ko", { type: "region" }).of("VN")]);
  expect(alt("checkAnswers.residenceStatus")).toEqual([translate("ko", "residence.status.student")]);
  expect(alt("checkAnswers.birthDate")[0]).toContain("1990");
  // What the applicant wrote reads the same in every language: not repeated.
  expect(alt("checkAnswers.name")).toEqual([]);
});

test("a Change link opens that step, and the page after it returns to check answers", async () => {
  const { fake } = await atCheck();
  const change = within(row(en("checkAnswers.nationality"))).getByRole("link", { name: /^Change/ });
  fireEvent.click(change);
  await h1(en("intake.nationality.title"));
  expect(fake.callsTo("OpenStep").at(-1)).toEqual([1, "nationality"]);
  fireEvent.click(screen.getByRole("button", { name: "Continue" }));
  await h1(en("checkAnswers.title"));
});

test("Submit marks the application ready and shows the case number; Next applicant clears every trace", async () => {
  const { fake } = await atCheck();
  fireEvent.click(screen.getByRole("button", { name: "Submit" }));
  const panel = await h1(en("confirmation.title"));
  expect(document.activeElement).toBe(panel);
  expect(panel.parentElement?.textContent).toContain("1");
  expect(fake.apps.get(1)!.status).toBe("ready");
  // One Next applicant button on this screen (the header's is left out).
  const next = screen.getByRole("button", { name: "Next applicant" });
  expect(document.body.textContent).not.toContain("NGUYEN");
  fireEvent.click(next);
  await h1(en("counter.title"));
  expect(fake.callsTo("NextApplicant")).toHaveLength(1);
  expect(document.body.textContent).not.toContain("NGUYEN");
});

test("the confirmation also tells the applicant their case number in their language", async () => {
  await atCheck({ ...completeAnswers, applicantLanguage: "ko" });
  fireEvent.click(screen.getByRole("button", { name: "Submit" }));
  await h1(en("confirmation.title"));
  const told = screen.getByTestId("applicant-panel");
  const text = within(told).getByText(translate("ko", "confirmation.applicant", { Number: 1 }));
  expect(text.closest("[lang]")?.getAttribute("lang")).toBe("ko");
});

// ---- similar applications ----

function similar(over: Partial<SimilarApplication> = {}): SimilarApplication {
  return {
    id: 7, status: "ready", name: "NGUYEN VAN ANH", nameKana: "グエン ヴァン アイン", birthDate: "1990-04-12",
    address: "東京都新宿区西新宿2-8-2", sex: "male", reasons: ["people.similar.reason.sameBirthDateSimilarName"],
    ...over,
  };
}

const similarHeading = () => screen.queryByRole("heading", { level: 2, name: en("checkAnswers.similar.heading") });

// settled waits until the page has asked for similar applications and heard back.
async function settled(fake: FakeDesk) {
  await waitFor(() => expect(fake.callsTo("SimilarApplications")).toEqual([[1]]));
  await act(async () => {});
}

function cells(table: HTMLElement, label: string) {
  const th = within(table).getByRole("rowheader", { name: label });
  return [...(th.parentElement as HTMLElement).querySelectorAll("td")].map((td) => td.textContent);
}

test("no similar applications: no warning panel", async () => {
  const { fake } = await atCheck();
  await settled(fake);
  expect(similarHeading()).toBeNull();
  expect(document.body.textContent).not.toContain(en("people.similar.notice"));
});

test("a failed look-up shows nothing and logs nothing", async () => {
  const logged = [vi.spyOn(console, "error"), vi.spyOn(console, "warn"), vi.spyOn(console, "log")];
  const { fake } = await atCheck(completeAnswers, (f) => {
    f.similarFails = true;
  });
  await settled(fake);
  expect(similarHeading()).toBeNull();
  for (const spy of logged) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
  expect(screen.getByRole("button", { name: "Submit" })).toBeTruthy();
});

test("a similar application is set beside this one, with the reason, above Submit and without taking focus", async () => {
  await atCheck(completeAnswers, (f, id) => f.seedSimilar(id, [similar()]));
  const heading = await screen.findByRole("heading", { level: 2, name: en("checkAnswers.similar.heading") });
  const panel = heading.closest("section") as HTMLElement;
  expect(panel.textContent).toContain(en("people.similar.notice"));
  const table = within(panel).getByRole("table", { name: en("checkAnswers.similar.caption", { Number: 7 }) });
  const cols = within(table).getAllByRole("columnheader").map((c) => c.textContent);
  expect(cols).toEqual([en("checkAnswers.similar.item"), en("checkAnswers.similar.this"), en("checkAnswers.similar.caption", { Number: 7 })]);
  const date = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date("1990-04-12T00:00:00Z"));
  expect(cells(table, en("checkAnswers.name"))).toEqual(["NGUYEN VAN AN", "NGUYEN VAN ANH"]);
  expect(cells(table, en("checkAnswers.nameKana"))).toEqual(["グエン ヴァン アン", "グエン ヴァン アイン"]);
  expect(cells(table, en("checkAnswers.birthDate"))).toEqual([date, date]);
  expect(cells(table, en("checkAnswers.address"))).toEqual(["東京都新宿区西新宿2-8-1", "東京都新宿区西新宿2-8-2"]);
  expect(cells(table, en("checkAnswers.sex"))).toEqual([en("intake.sex.sex.option.male"), en("intake.sex.sex.option.male")]);
  expect(cells(table, en("checkAnswers.similar.reasons"))).toEqual([en("people.similar.reason.sameBirthDateSimilarName")]);
  // Above the submit section.
  const submitHeading = screen.getByRole("heading", { level: 2, name: en("checkAnswers.submit.heading") });
  expect(panel.compareDocumentPosition(submitHeading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  // It does not take focus.
  expect(panel.contains(document.activeElement)).toBe(false);
  expect(screen.queryByText(/more similar application/)).toBeNull();
});

test("at most five similar applications are compared; the rest are counted", async () => {
  const many = [1, 2, 3, 4, 5, 6, 7].map((n) => similar({ id: 10 + n, name: `NGUYEN ${n}` }));
  await atCheck(completeAnswers, (f, id) => f.seedSimilar(id, many));
  const heading = await screen.findByRole("heading", { level: 2, name: en("checkAnswers.similar.heading") });
  const panel = heading.closest("section") as HTMLElement;
  expect(within(panel).getAllByRole("table")).toHaveLength(5);
  expect(within(panel).queryByRole("table", { name: en("checkAnswers.similar.caption", { Number: 16 }) })).toBeNull();
  expect(panel.textContent).toContain(en("checkAnswers.similar.more", { Count: 2 }));
  expect(en("checkAnswers.similar.more", { Count: 2 })).toBe("2 more similar applications are not shown.");
});

test("Submit still works with the warning shown, and Next applicant clears it", async () => {
  const { fake } = await atCheck(completeAnswers, (f, id) => f.seedSimilar(id, [similar()]));
  await screen.findByRole("heading", { level: 2, name: en("checkAnswers.similar.heading") });
  fireEvent.click(screen.getByRole("button", { name: "Submit" }));
  await h1(en("confirmation.title"));
  expect(fake.apps.get(1)!.status).toBe("ready");
  expect(similarHeading()).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: "Next applicant" }));
  await h1(en("counter.title"));
  expect(similarHeading()).toBeNull();
  expect(document.body.textContent).not.toContain("NGUYEN VAN ANH");
});

test("the Individual Number is masked; showing it asks Go, and it hides again", async () => {
  const { fake } = await atCheck(completeAnswers, (fake, id) => {
    const app = fake.apps.get(id)!;
    app.steps = [...app.steps.filter((s) => s !== "check"), "number", "check"];
    app.answers.recordNumber = "yes";
    app.number = { masked: "•••• •••• 9018", source: "typed", recordedAt: "2026-11-23T10:00:00Z", destroyedAt: "", destroyed: "" };
    fake.numbers.set(id, "1234 5678 9018"); // grouped by Go (mynumber.Group)
  });
  const number = row(en("checkAnswers.number"));
  expect(number.textContent).toContain("•••• •••• 9018");
  expect(number.textContent).not.toContain("1234");
  fireEvent.click(within(number).getByRole("button", { name: en("checkAnswers.number.reveal") }));
  await waitFor(() => expect(row(en("checkAnswers.number")).textContent).toContain("1234 5678 9018"));
  expect(fake.callsTo("RevealNumber")).toHaveLength(1);
  fireEvent.click(within(row(en("checkAnswers.number"))).getByRole("button", { name: en("checkAnswers.number.hide") }));
  expect(row(en("checkAnswers.number")).textContent).not.toContain("1234");
});

test("a destroyed number says when and why, with nothing to show", async () => {
  await atCheck(completeAnswers, (fake, id) => {
    const app = fake.apps.get(id)!;
    app.steps = [...app.steps.filter((s) => s !== "check"), "number", "check"];
    app.number = { masked: "", source: "", recordedAt: "", destroyedAt: "2026-11-20T09:00:00.000Z", destroyed: "retention" };
  });
  const number = row(en("checkAnswers.number"));
  expect(number.textContent).toContain(en("checkAnswers.number.destroyed.retention", { Date: "November 20, 2026" }));
  expect(within(number).queryByRole("button", { name: en("checkAnswers.number.reveal") })).toBeNull();
});

test("staff and applicant check together: each label also in the applicant's language, marked with it", async () => {
  await atCheck({ ...completeAnswers, applicantLanguage: "vi" });
  const name = row(en("checkAnswers.name"));
  const alt = name.querySelector('[lang="vi"]');
  expect(alt?.textContent).toBe(translate("vi", "checkAnswers.name"));
  expect(screen.getByTestId("applicant-panel").textContent).toContain(translate("vi", "checkAnswers.applicant.title"));
});
