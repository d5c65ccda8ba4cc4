import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import type { Evaluation } from "../api";
import { translate } from "../i18n";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

const evaluation: Evaluation = {
  today: "2026-11-23",
  category: "transitional_birth",
  registered: true,
  canApply: { answer: "yes", reason: "residency.canApply.registered", source: "" },
  combinedCard: { answer: "no", reason: "residency.combinedCard.notEligible", where: null, source: "" },
  flags: [{ id: "unregistered_birth", message: "residency.flag.unregistered_birth", source: "" }],
  deadlines: [
    { id: "birth_notification", date: "2026-11-17", status: "overdue", statusMessage: "residency.deadlineStatus.overdue", daysLeft: -6, message: "residency.deadline.birth_notification", source: "" },
    { id: "status_application", date: "2026-12-03", status: "due_soon", statusMessage: "residency.deadlineStatus.dueSoon", daysLeft: 10, message: "residency.deadline.status_application", source: "" },
  ],
  referrals: [{ org: "issj", reasons: ["residency.referral.issj.birth"] }],
};

test("an NGO caseworker opens a case, records the situation, refers with consent and sees the letter", async () => {
  const { fake } = await renderApp({ signedIn: "ngo", staffLanguage: "en" });
  fake.evaluation = evaluation;
  await h1(en("cases.home.title"));
  // The dashboard arrives after the heading: wait for it rather than race it.
  expect(await screen.findByText(en("cases.due.none"))).toBeTruthy();
  expect(await screen.findByRole("img", { name: en("cases.due.chart.title") })).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: en("cases.new.button") }));
  await h1(en("cases.new.title"));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.submit") }));
  const summary = await screen.findByRole("alert");
  await waitFor(() => expect(document.activeElement).toBe(summary));
  expect(within(summary).getByText(en("cases.error.required"))).toBeTruthy();

  fireEvent.change(screen.getByRole("textbox", { name: en("cases.person.name.label") }), { target: { value: "Nguyen Lan" } });
  fireEvent.click(screen.getByRole("radio", { name: "English" }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.submit") }));
  await h1("Nguyen Lan");

  fireEvent.click(screen.getByRole("button", { name: en("cases.situation.record") }));
  await h1(en("cases.situation.title"));
  fireEvent.click(screen.getByRole("button", { name: en("cases.situation.submit") }));
  await screen.findByRole("alert");
  fireEvent.click(screen.getByRole("radio", { name: en("residency.category.transitional_birth") }));
  fireEvent.click(within(document.getElementById("field-bornInJapan")!).getByRole("radio", { name: en("cases.yes") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.situation.submit") }));
  await h1("Nguyen Lan");
  const timeline = screen.getByRole("list", { name: en("cases.timeline.heading") });
  expect(within(timeline).getByText(en("cases.days.overdue", { Count: 6 }))).toBeTruthy();
  expect(within(timeline).getByText(en("cases.days.left", { Count: 10 }))).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: en("cases.refer.to", { Org: "International Social Service Japan (ISSJ)" }) }));
  await h1(en("cases.refer.title"));
  fireEvent.change(screen.getByRole("textbox", { name: en("cases.referral.reason.label") }), { target: { value: "Nationality of the child" } });
  fireEvent.click(screen.getByRole("button", { name: en("cases.refer.submit") }));
  await h1(en("cases.referral.title", { Org: "International Social Service Japan (ISSJ)" }));

  fireEvent.click(screen.getByRole("button", { name: en("cases.send.submit") }));
  expect(within(await screen.findByRole("alert")).getByText(en("cases.referral.error.noConsent"))).toBeTruthy();

  fireEvent.change(screen.getByRole("textbox", { name: en("cases.consent.givenBy.label") }), { target: { value: "Nguyen Minh" } });
  fireEvent.click(screen.getByRole("checkbox", { name: en("cases.field.name") }));
  fireEvent.click(screen.getByRole("radio", { name: en("cases.consent.method.signed") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.consent.submit") }));
  // Who consented is asked for (as app/cases does): the summary links to it, and what was typed stays.
  // The "no consent" alert of the send attempt is still on screen until the form answers: wait for the new one.
  await waitFor(() =>
    expect(within(screen.getByRole("alert")).getByRole("link", { name: en("cases.consent.relationship.error.required") })).toBeTruthy(),
  );
  expect((screen.getByRole("textbox", { name: en("cases.consent.givenBy.label") }) as HTMLInputElement).value).toBe("Nguyen Minh");
  fireEvent.click(screen.getByRole("radio", { name: en("cases.consent.relationship.parent") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.consent.submit") }));
  await screen.findByText(en("cases.consent.recorded"));
  expect(document.body.textContent).toContain(en("cases.consent.relationship.parent"));
  fireEvent.click(screen.getByRole("button", { name: en("cases.send.submit") }));
  await screen.findByText(en("cases.referral.sent", { Org: "International Social Service Japan (ISSJ)" }));

  fireEvent.click(screen.getByRole("button", { name: en("cases.letter.open") }));
  await h1(en("cases.letter.heading"));
  const columns = await screen.findAllByRole("article");
  expect(columns.map((c) => c.getAttribute("lang"))).toEqual(["ja", "en"]);
  expect(within(columns[1]).getByText("Nguyen Lan")).toBeTruthy();
  expect(screen.queryByText("090")).toBeNull();
});

test("counter staff switch between applications and the municipal counter's cases", async () => {
  const { fake } = await renderApp({ signedIn: "counter", staffLanguage: "en" });
  const nav = await screen.findByRole("navigation", { name: en("nav.label") });
  expect(within(nav).getByRole("button", { name: en("nav.counter") }).getAttribute("aria-current")).toBe("page");
  fireEvent.click(within(nav).getByRole("button", { name: en("nav.cases") }));
  await h1(en("cases.home.title"));
  expect(within(nav).getByRole("button", { name: en("nav.cases") }).getAttribute("aria-current")).toBe("page");
  await waitFor(() => expect(fake.callsTo("DueDashboard").length).toBe(1));
});

// A case of a person whose language is not the staff's, referred to the Houterasu line: the referral page opens
// on the consent form.
async function atConsentForm(personLanguage: string) {
  const r = await renderApp({ signedIn: "ngo", staffLanguage: "en" });
  await h1(en("cases.home.title"));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.button") }));
  await h1(en("cases.new.title"));
  fireEvent.change(screen.getByRole("textbox", { name: en("cases.person.name.label") }), { target: { value: "Nguyen Lan" } });
  fireEvent.click(screen.getByRole("radio", { name: translate(personLanguage, "meta.language.name") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.submit") }));
  await h1("Nguyen Lan");
  fireEvent.click(screen.getByRole("button", { name: en("cases.refer.button") }));
  await h1(en("cases.refer.title"));
  fireEvent.click(screen.getByRole("radio", { name: houterasu.en }));
  fireEvent.change(screen.getByRole("textbox", { name: en("cases.referral.reason.label") }), { target: { value: "Legal advice on the status" } });
  fireEvent.click(screen.getByRole("button", { name: en("cases.refer.submit") }));
  await h1(en("cases.referral.title", { Org: houterasu.en }));
  return r;
}
const houterasu = { en: "Japan Legal Support Center (Houterasu), multilingual line", ja: "日本司法支援センター（法テラス）多言語情報提供サービス" };

test("the consent statement is read to the person in their language, naming the organisation, with the staff's language beside it", async () => {
  await atConsentForm("vi");
  const statement = screen.getByRole("region", { name: en("cases.consent.statement.title") });
  const vi = within(statement).getByText(translate("vi", "cases.consent.statement.share", { Org: houterasu.en })).closest("[lang]")!;
  expect(vi.getAttribute("lang")).toBe("vi");
  expect(vi.getAttribute("dir")).toBe("ltr");
  for (const id of ["purpose", "refuse", "withdraw", "number"]) {
    expect(within(vi as HTMLElement).getByText(translate("vi", `cases.consent.statement.${id}`, { Org: houterasu.en }))).toBeTruthy();
  }
  // Nothing ticked yet: every field the person may choose from, in their language.
  expect(within(vi as HTMLElement).getByText(translate("vi", "cases.consent.statement.fields.choose"))).toBeTruthy();
  expect(within(vi as HTMLElement).getByText(translate("vi", "cases.field.contact"))).toBeTruthy();
  // The staff member sees what they read out, in English, and that the Vietnamese is a machine translation.
  const staff = within(statement).getByText(en("cases.consent.statement.share", { Org: houterasu.en })).closest("[lang]")!;
  expect(staff.getAttribute("lang")).toBe("en");
  expect(within(statement).getByText(en("cases.consent.statement.machine"))).toBeTruthy();

  // Once fields are ticked, the statement says exactly what would be shared.
  fireEvent.click(screen.getByRole("checkbox", { name: en("cases.field.name") }));
  expect(within(vi as HTMLElement).getByText(translate("vi", "cases.consent.statement.fields.chosen"))).toBeTruthy();
  expect(within(vi as HTMLElement).getByText(translate("vi", "cases.field.name"))).toBeTruthy();
  expect(within(vi as HTMLElement).queryByText(translate("vi", "cases.field.contact"))).toBeNull();
});

test("in Easy Japanese the statement names the organisation in Japanese and draws furigana", async () => {
  await atConsentForm("ja-x-easy");
  const statement = screen.getByRole("region", { name: en("cases.consent.statement.title") });
  const easy = statement.querySelector('[lang="ja-x-easy"]')!;
  expect(easy.textContent).toContain(houterasu.ja);
  expect(easy.textContent).not.toContain(houterasu.en);
  expect(easy.querySelectorAll("ruby").length).toBeGreaterThan(0);
  expect(easy.textContent).not.toMatch(/[{|}]/);
});

test("when the person's language is the staff's, the statement is still there, once", async () => {
  await atConsentForm("en");
  const statement = screen.getByRole("region", { name: en("cases.consent.statement.title") });
  expect(within(statement).getAllByText(en("cases.consent.statement.number"))).toHaveLength(1);
  expect(statement.querySelector('[lang="en"]')).toBeTruthy();
  expect(within(statement).queryByText(en("cases.consent.statement.machine"))).toBeNull();
});

test("a referral changed at another desk meanwhile: the change from this screen is refused and says so", async () => {
  const { fake } = await atConsentForm("en");
  const [r] = [...fake.referrals.values()];
  r.version++; // another desk recorded something on it
  fireEvent.change(screen.getByRole("textbox", { name: en("cases.consent.givenBy.label") }), { target: { value: "Nguyen Minh" } });
  fireEvent.click(screen.getByRole("radio", { name: en("cases.consent.relationship.parent") }));
  fireEvent.click(screen.getByRole("checkbox", { name: en("cases.field.name") }));
  fireEvent.click(screen.getByRole("radio", { name: en("cases.consent.method.signed") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.consent.submit") }));
  expect(within(await screen.findByRole("alert")).getByText(en("cases.error.conflict"))).toBeTruthy();
  expect(fake.callsTo("RecordConsent")[0].slice(0, 2)).toEqual([r.id, 1]); // the version the page showed
  expect(r.consent).toBeNull();
});

test("a mid-to-long-term resident's case says from when and where the combined card can be asked for", async () => {
  const { fake } = await renderApp({ signedIn: "ngo", staffLanguage: "en" });
  fake.evaluation = {
    ...evaluation,
    category: "mid_to_long_term",
    combinedCard: {
      kind: "specified_residence",
      answer: "from_date",
      from: "2026-06-15",
      reason: "residency.combinedCard.fromDate",
      where: ["residency.combinedCard.where.immigrationBureau", "residency.combinedCard.where.municipalCounter"],
      source: "",
    },
  };
  await h1(en("cases.home.title"));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.button") }));
  await h1(en("cases.new.title"));
  fireEvent.change(screen.getByRole("textbox", { name: en("cases.person.name.label") }), { target: { value: "Tran Minh" } });
  fireEvent.click(screen.getByRole("radio", { name: "English" }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.new.submit") }));
  await h1("Tran Minh");
  expect(screen.queryByText(en("residency.combinedCard.fromDate"), { exact: false })).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: en("cases.situation.record") }));
  await h1(en("cases.situation.title"));
  fireEvent.click(screen.getByRole("radio", { name: en("residency.category.mid_to_long_term") }));
  fireEvent.click(within(document.getElementById("field-bornInJapan")!).getByRole("radio", { name: en("cases.no") }));
  fireEvent.click(screen.getByRole("button", { name: en("cases.situation.submit") }));
  await h1("Tran Minh");
  const answer = await screen.findByText(en("residency.combinedCard.fromDate"), { exact: false });
  expect(answer.textContent).toContain("June 15, 2026");
  expect(screen.getByText(en("residency.combinedCard.where.immigrationBureau"))).toBeTruthy();
  expect(screen.getByText(en("residency.combinedCard.where.municipalCounter"))).toBeTruthy();
});
