import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { translate } from "../i18n";
import { h1, renderApp } from "../test/render";

const ja = (id: string, args?: Record<string, string | number>) => translate("ja", id, args);
async function atReports() {
  const r = await renderApp({ signedIn: "callcentre" });
  await h1(ja("lostcard.home.title"));
  return r;
}

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });
}

function pick(name: string) {
  fireEvent.click(screen.getByRole("radio", { name }));
}

test("the call centre has its own screens, and N starts a report at once", async () => {
  const { fake } = await atReports();
  expect(screen.queryByText(ja("noScreens.title"))).toBeNull();
  expect(screen.getByRole("button", { name: new RegExp(ja("lostcard.home.start")) }).getAttribute("aria-keyshortcuts")).toBe("N");
  expect(screen.getByRole("button", { name: ja("header.nextCaller") })).toBeTruthy();
  fireEvent.keyDown(document.body, { key: "n" });
  await h1(ja("lostcard.report.title", { Id: 1 }));
  expect(fake.callsTo("StartLostCardReport")).toHaveLength(1);
  // Typing an n in a field starts nothing.
  fireEvent.keyDown(screen.getByLabelText(ja("lostcard.field.name.label"), { exact: true }), { key: "n" });
  expect(fake.callsTo("StartLostCardReport")).toHaveLength(1);
});

test("a report reaches suspended, and the scripts and guidance appear in the caller's language", async () => {
  const { fake } = await atReports();
  let printed = 0;
  window.print = () => void printed++; // jsdom has no printing
  fireEvent.click(screen.getByRole("button", { name: new RegExp(ja("lostcard.home.start")) }));
  await h1(ja("lostcard.report.title", { Id: 1 }));

  // Recording the suspension too early lists what is missing, linked to the fields, and keeps what was typed.
  fill(ja("lostcard.field.name.label"), "NGUYEN THI LAN");
  fireEvent.click(screen.getByRole("button", { name: ja("lostcard.action.move.suspended") }));
  const summary = await screen.findByRole("alert");
  expect(within(summary).getByRole("link", { name: ja("lostcard.error.required.callerLanguage") })).toBeTruthy();
  expect((screen.getByLabelText(ja("lostcard.field.name.label"), { exact: true }) as HTMLInputElement).value).toBe("NGUYEN THI LAN");

  pick("Tiếng Việt");
  const scripts = screen.getByRole("region", { name: ja("lostcard.scripts.title") });
  expect(within(scripts).getByText(translate("vi", "lostcard.script.greeting")).getAttribute("lang")).toBe("vi");
  expect(within(scripts).getByText(ja("lostcard.script.greeting")).getAttribute("lang")).toBe("ja");

  fill(ja("lostcard.field.address.label"), "東京都新宿区西新宿2-8-1");
  fill(ja("lostcard.field.birthDate.label"), "1995-07-03");
  pick(ja("people.sex.female"));
  pick(ja("lostcard.lostItem.both"));
  pick(ja("lostcard.phoneSystem.iphone"));
  pick(ja("lostcard.kind.stolen"));
  pick(ja("lostcard.place.outside"));
  fill(ja("lostcard.field.lostOn.label"), "2026-11-22");
  fill(ja("lostcard.field.suspendedAt.label"), "10:05");
  fill(ja("lostcard.field.suspensionReference.label"), "T-4471");
  fireEvent.click(screen.getByRole("checkbox", { name: ja("lostcard.field.consequenceExplained.label") }));
  fireEvent.click(screen.getByRole("button", { name: ja("lostcard.action.move.suspended") }));

  await screen.findByText(ja("lostcard.report.moved", { Status: ja("lostcard.status.suspended") }));
  const [, to, answers] = fake.callsTo("MoveLostCardReport").at(-1)!;
  expect(to).toBe("suspended");
  expect(answers).toMatchObject({ callerLanguage: "vi", lostItem: "both", phoneSystem: "iphone", consequenceExplained: "yes" });
  expect(fake.reports.get(1)?.status).toBe("suspended");

  const guidance = screen.getByRole("region", { name: ja("lostcard.guidance.title") });
  await waitFor(() => expect(within(guidance).getByText("guidance vi: suspended").closest("[lang]")?.getAttribute("lang")).toBe("vi"));
  // The printout holds both languages, the caller's first, each marked with its own lang.
  const printout = within(guidance).getByTestId("guidance-print");
  expect(printout.classList).toContain("print-area");
  expect([...printout.querySelectorAll("[lang]")].map((e) => [e.getAttribute("lang"), e.textContent])).toEqual([
    ["vi", expect.stringContaining("guidance vi: suspended")],
    ["ja", expect.stringContaining("guidance ja: suspended")],
  ]);
  fireEvent.click(within(guidance).getByRole("button", { name: ja("lostcard.guidance.print") }));
  await waitFor(() => expect(fake.callsTo("RecordLostCardGuidance")).toContainEqual([1, "print"]));
  expect(printed).toBe(1);
  // Copied as text for a text message: the caller's language only.
  let copied = "";
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (s: string) => void (copied = s) } });
  fireEvent.click(within(guidance).getByRole("button", { name: ja("lostcard.guidance.copy") }));
  await waitFor(() => expect(fake.callsTo("RecordLostCardGuidance")).toContainEqual([1, "copy"]));
  await waitFor(() => expect(copied).toBe("guidance vi: suspended\nfee vi"));

  // No audit record, no printout or copy: the guidance does not leave the screen, and the agent is told why.
  fake.auditRefuses = true;
  copied = "";
  fireEvent.click(within(guidance).getByRole("button", { name: ja("lostcard.guidance.print") }));
  await within(guidance).findByText(ja("audit.error.notRecorded"));
  fireEvent.click(within(guidance).getByRole("button", { name: ja("lostcard.guidance.copy") }));
  await waitFor(() => expect(fake.callsTo("RecordLostCardGuidance").filter(([, how]) => how === "copy")).toHaveLength(2));
  expect(printed).toBe(1);
  expect(copied).toBe("");
});

test("the follow-up list opens a report, and the figures are charts with tables", async () => {
  const { fake } = await atReports();
  fireEvent.keyDown(document.body, { key: "n" });
  await h1(ja("lostcard.report.title", { Id: 1 }));
  fireEvent.click(screen.getByRole("link", { name: ja("lostcard.action.back") }));
  await h1(ja("lostcard.home.title"));
  fireEvent.click(await screen.findByRole("button", { name: ja("lostcard.followUps.open", { Id: 1 }) }));
  await h1(ja("lostcard.report.title", { Id: 1 }));
  expect(fake.callsTo("GetLostCardReport")).toEqual([[1]]);

  fireEvent.click(screen.getByRole("link", { name: ja("lostcard.action.back") }));
  await h1(ja("lostcard.home.title"));
  fireEvent.click(screen.getByRole("button", { name: ja("lostcard.home.figures") }));
  await h1(ja("lostcard.figures.title"));
  const charts = await screen.findAllByRole("img");
  expect(charts.map((c) => c.getAttribute("aria-label"))).toEqual([
    ja("lostcard.figures.chart", { Title: ja("lostcard.figures.perDay"), Bars: 7, Max: 1 }),
    ja("lostcard.figures.chart", { Title: ja("lostcard.figures.byLanguage"), Bars: 1, Max: 1 }),
    ja("lostcard.figures.chart", { Title: ja("lostcard.figures.byOutcome"), Bars: 6, Max: 1 }),
  ]);
  expect(screen.getAllByRole("table")).toHaveLength(3);
});

test("supervisors reach the figures from the counter home, counter staff do not", async () => {
  const sup = await renderApp({ signedIn: "supervisor" });
  await h1(ja("counter.title"));
  fireEvent.click(screen.getByRole("button", { name: ja("lostcard.figures.title") }));
  await h1(ja("lostcard.figures.title"));
  expect(await screen.findAllByRole("img")).toHaveLength(3);
  expect(sup.fake.callsTo("LostCardFigures")).toHaveLength(1);
  sup.unmount();

  await renderApp({ signedIn: "counter" });
  await h1(ja("counter.title"));
  expect(screen.queryByRole("button", { name: ja("lostcard.figures.title") })).toBeNull();
});

test("when the desk locks mid-call, nothing of the caller shows; after the unlock the report and what was typed come back", async () => {
  const { fake } = await atReports();
  fireEvent.keyDown(document.body, { key: "n" });
  await h1(ja("lostcard.report.title", { Id: 1 }));
  fill(ja("lostcard.field.name.label"), "NGUYEN THI LAN");
  fake.lock();
  fireEvent.click(screen.getByRole("button", { name: ja("lostcard.action.save") }));
  await h1(ja("locked.title"));
  expect(document.body.innerHTML).not.toContain("NGUYEN");

  fireEvent.change(screen.getByLabelText(ja("locked.password.label")), { target: { value: "correct horse battery" } });
  fireEvent.click(screen.getByRole("button", { name: ja("locked.submit") }));
  await h1(ja("lostcard.report.title", { Id: 1 }));
  expect(fake.callsTo("GetLostCardReport").at(-1)).toEqual([1]);
  expect((screen.getByLabelText(ja("lostcard.field.name.label"), { exact: true }) as HTMLInputElement).value).toBe("NGUYEN THI LAN");
});

test("the document the loss needs follows Go's table as soon as lost or stolen and the place are chosen", async () => {
  await atReports();
  fireEvent.keyDown(document.body, { key: "n" });
  await h1(ja("lostcard.report.title", { Id: 1 }));
  expect(screen.getByText(ja("lostcard.evidence.unknown"))).toBeTruthy();
  pick(ja("lostcard.kind.lost"));
  pick(ja("lostcard.place.home"));
  expect(screen.getByText(ja("lostcard.evidence.explanation"))).toBeTruthy();
  expect(screen.getByRole("checkbox", { name: ja("lostcard.field.explanationForm.label") })).toBeTruthy();
  expect(screen.queryByLabelText(ja("lostcard.field.policeReceipt.label"), { exact: true })).toBeNull();
  pick(ja("lostcard.kind.stolen"));
  expect(screen.getByText(ja("lostcard.evidence.police.stolen"))).toBeTruthy();
  expect(screen.getByLabelText(ja("lostcard.field.policeReceipt.label"), { exact: true })).toBeTruthy();
});
