import { fireEvent, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { translate } from "../i18n";
import { completeAnswers } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

async function atCheck(answers = completeAnswers) {
  const r = await renderApp({ signedIn: "counter", staffLanguage: "en" });
  r.fake.seedApplication(answers, { step: "check" });
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  fireEvent.click(within(await screen.findByRole("table")).getByRole("link", { name: answers.name }));
  await h1(en("checkAnswers.title"));
  return r;
}

function row(label: string) {
  const key = screen.getAllByRole("term").find((dt) => dt.textContent === label);
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
