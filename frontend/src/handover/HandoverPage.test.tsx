import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { translate } from "../i18n";
import { completeAnswers, virtualCard, type FakeDesk, type FakeDeskOptions, type VirtualCard } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";
import { readPinRefusal } from "./pinProblems";

// Each test walks several pages and card reads: give them room when the machine is busy.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30000 });

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

// atHandover opens a ready application and its handover page, as counter staff working in English.
async function atHandover(opts: FakeDeskOptions = {}, before?: (fake: FakeDesk) => void) {
  const r = await renderApp({ signedIn: "counter", staffLanguage: "en", ...opts });
  r.fake.seedApplication(completeAnswers, { status: "ready" });
  before?.(r.fake);
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  fireEvent.click(within(await screen.findByRole("table")).getByRole("link", { name: completeAnswers.name }));
  await h1(en("readyApplication.title"));
  fireEvent.click(screen.getByRole("button", { name: en("readyApplication.handOver") }));
  await h1(en("handover.title"));
  return r;
}

// insert puts a card on the reader and waits until the page has read its status.
async function insert(fake: FakeDesk, card: VirtualCard = virtualCard()) {
  act(() => {
    fake.insertCard(card);
  });
  await screen.findByRole("heading", { level: 2, name: en("handover.card.heading") });
  await waitFor(() => expect(screen.queryByRole("progressbar")).toBeNull());
  return card;
}

function row(label: string) {
  const key = screen.getAllByRole("term").find((dt) => dt.textContent === label);
  if (!key) throw new Error(`no row ${label}`);
  return key.parentElement as HTMLElement;
}

const pinField = () => screen.queryByLabelText(en("handover.pin.label")) as HTMLInputElement | null;

function typePin(pin: string) {
  fireEvent.change(pinField()!, { target: { value: pin } });
}

test("the card's tries are shown before any PIN is asked, and the PIN field is a 4-digit secret", async () => {
  const { fake } = await atHandover();
  expect(await screen.findByText(en("handover.card.waiting"))).toBeTruthy();
  expect(pinField()).toBeNull();
  await insert(fake, virtualCard({ tries: { cardInfo: 3, auth: 2, signature: 5 } }));
  expect(screen.getByText(en("handover.card.present"))).toBeTruthy();
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 3 }));
  expect(row(en("handover.tries.auth")).textContent).toContain(en("handover.tries.left", { Count: 2 }));
  expect(row(en("handover.tries.signature")).textContent).toContain(en("handover.tries.left", { Count: 5 }));
  expect(row(en("handover.card.type")).textContent).toContain(en("handover.card.token.card"));
  expect(row(en("handover.card.certificateExpiry")).textContent).toContain("2031");
  expect(fake.callsTo("CardStatus")).toEqual([["Virtual Reader 0"]]);
  expect(fake.callsTo("CheckHandover")).toHaveLength(0);

  const pin = pinField()!;
  const tries = screen.getByRole("heading", { level: 2, name: en("handover.card.heading") });
  expect(tries.compareDocumentPosition(pin) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  expect(pin.type).toBe("password");
  expect(pin.getAttribute("inputmode")).toBe("numeric");
  expect(pin.getAttribute("maxlength")).toBe("4");
  expect(pin.getAttribute("autocomplete")).toBe("off");
  expect(pin.getAttribute("pattern")).toBe("[0-9]*");
  expect(screen.getByRole("button", { name: en("handover.pin.submit") })).toBeTruthy();
});

test("a card whose PIN is locked gets the guidance and no PIN field", async () => {
  const { fake } = await atHandover();
  await insert(fake, virtualCard({ tries: { cardInfo: 0, auth: 3, signature: 5 } }));
  expect(screen.getByRole("heading", { name: en("handover.blocked.title") })).toBeTruthy();
  expect(screen.getByText(en("handover.blocked.next"))).toBeTruthy();
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.none"));
  expect(pinField()).toBeNull();
  expect(screen.queryByRole("button", { name: /^Read the card/ })).toBeNull();
});

test("a locked PIN: what the card holder must do is also said in their language", async () => {
  const { fake } = await atHandover({}, (f) => {
    f.apps.get(1)!.answers.applicantLanguage = "th";
  });
  await insert(fake, virtualCard({ tries: { cardInfo: 0, auth: 3, signature: 5 } }));
  const told = screen.getByTestId("applicant-panel");
  expect(within(told).getByText(translate("th", "handover.blocked.next")).closest("[lang]")?.getAttribute("lang")).toBe("th");
});

test("a card that is not a My Number card is named so, and no PIN is asked", async () => {
  const { fake } = await atHandover();
  await insert(fake, virtualCard({ myNumberCard: false }));
  expect(screen.getByText(en("handover.card.notMyNumber"))).toBeTruthy();
  expect(row(en("handover.card.type")).textContent).toContain(en("handover.card.token.unknown"));
  expect(pinField()).toBeNull();
});

test("with one try left the PIN is sent only after a second, explicit confirmation; nothing else spends it", async () => {
  const { fake } = await atHandover();
  const card = await insert(fake, virtualCard({ tries: { cardInfo: 1, auth: 3, signature: 5 } }));
  expect(screen.getByText(en("handover.lastTry.warning"))).toBeTruthy();
  const confirm = screen.getByRole("checkbox", { name: en("handover.lastTry.confirm") }) as HTMLInputElement;
  expect(confirm.checked).toBe(false);
  expect(screen.queryByRole("button", { name: en("handover.pin.submit") })).toBeNull();

  // Pressed without the confirmation: the backend refuses before touching the card.
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submitLastTry") }));
  const summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("card.pin.lastTry"));
  expect(pinField()!.value).toBe("");
  expect(card.tries.cardInfo).toBe(1);
  expect(fake.pinAttempts.filter((a) => !a.confirmLastTry).every((a) => !a.spent)).toBe(true);
  expect(fake.callsTo("CheckHandover").every((args) => args[3] === false)).toBe(true);

  typePin("1234");
  fireEvent.click(screen.getByRole("checkbox", { name: en("handover.lastTry.confirm") }));
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submitLastTry") }));
  await screen.findByRole("heading", { level: 2, name: en("handover.match.title") });
  expect(fake.callsTo("CheckHandover").at(-1)?.[3]).toBe(true);
  expect(fake.pinAttempts.at(-1)).toMatchObject({ confirmLastTry: true, spent: true, outcome: "ok" });
  expect(fake.pinAttempts.filter((a) => !a.confirmLastTry).every((a) => !a.spent)).toBe(true);
});

test("when the backend says only one try is left, the page asks for the confirmation too", async () => {
  const { fake } = await atHandover();
  const card = await insert(fake, virtualCard({ tries: { cardInfo: 2, auth: 3, signature: 5 } }));
  card.tries.cardInfo = 1; // another program spent one since the status was read
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  await screen.findByRole("alert");
  expect(screen.getByText(en("handover.lastTry.warning"))).toBeTruthy();
  expect(screen.getByRole("checkbox", { name: en("handover.lastTry.confirm") })).toBeTruthy();
  expect(screen.getByRole("button", { name: en("handover.pin.submitLastTry") })).toBeTruthy();
  expect(card.tries.cardInfo).toBe(1);
});

test("a wrong PIN shows the tries left and clears the PIN field", async () => {
  const { fake } = await atHandover();
  await insert(fake);
  typePin("9999");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  const summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("card.pin.wrong", { Count: 2 }));
  expect(document.activeElement).toBe(summary);
  expect(pinField()!.value).toBe("");
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 2 }));
  // The PIN is in no call record, no attribute and no text of the page.
  expect(JSON.stringify(fake.calls)).not.toContain("9999");
  expect(document.body.innerHTML).not.toContain("9999");
});

test("a wrong PIN is also told to the applicant in their language, before they type it again", async () => {
  const { fake } = await atHandover({}, (f) => {
    f.apps.get(1)!.answers.applicantLanguage = "vi";
  });
  await insert(fake);
  const told = screen.getByTestId("applicant-panel");
  expect(within(told).queryByText(translate("vi", "card.pin.wrong", { Count: 2 }))).toBeNull();
  typePin("9999");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  await screen.findByRole("alert");
  const wrong = within(screen.getByTestId("applicant-panel")).getByText(translate("vi", "card.pin.wrong", { Count: 2 }));
  expect(wrong.closest("[lang]")?.getAttribute("lang")).toBe("vi");
  // Told first, then asked again.
  const again = within(screen.getByTestId("applicant-panel")).getByText(translate("vi", "handover.pin.applicant"));
  expect(wrong.compareDocumentPosition(again) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});

test("a matching card is compared item by item and marked as handed over", async () => {
  const { fake } = await atHandover();
  await insert(fake);
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  const outcome = await screen.findByRole("heading", { level: 2, name: en("handover.match.title") });
  expect(document.activeElement).toBe(outcome);
  expect(pinField()).toBeNull();

  const table = screen.getByRole("table", { name: en("handover.compare.caption") });
  const headers = within(table).getAllByRole("columnheader").map((th) => th.textContent);
  expect(headers).toEqual(["compare.item", "compare.card", "compare.record", "compare.result"].map((k) => en(`handover.${k}`)));
  const rows = within(table).getAllByRole("row").slice(1);
  expect(rows).toHaveLength(4);
  for (const r of rows) expect(within(r).getAllByRole("cell")[2].textContent).toBe(en("handover.compare.same"));
  expect(row(en("handover.chip.label")).textContent).toContain(en("handover.chip.authentic"));
  expect(row(en("handover.number.label")).textContent).toContain("•••• •••• 9018");
  expect(row(en("handover.number.checkDigit")).textContent).toContain(en("handover.number.checkDigit.ok"));
  expect(row(en("handover.validity.renewBy")).textContent).toContain("2036");

  fireEvent.click(screen.getByRole("button", { name: en("handover.complete") }));
  const done = await h1(en("handover.done.title"));
  expect(document.activeElement).toBe(done);
  expect(fake.callsTo("CompleteHandover")).toEqual([[1, null]]);
  expect(fake.apps.get(1)!.handedOver).toMatchObject({ matched: true });
  expect(screen.queryByText(en("handover.done.overridden"))).toBeNull();

  fireEvent.click(screen.getByRole("button", { name: en("header.nextApplicant") }));
  await h1(en("counter.title"));
  expect(document.body.textContent).not.toContain("NGUYEN");
  expect(document.body.textContent).not.toContain("9018");
  // The handover page's listeners went with it: only the counter home's card check listens now.
  expect(fake.runtime.count("card:event")).toBe(1);
  expect(fake.runtime.count("card:progress")).toBe(1);
});

test("a one-character difference in the name blocks the handover and offers only a supervisor's decision", async () => {
  const { fake } = await atHandover();
  await insert(fake, virtualCard({ basic: { ...virtualCard().basic, name: "NGUYEN VAN ANH" } }));
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  const outcome = await screen.findByRole("heading", { level: 2, name: en("handover.mismatch.title") });
  expect(within(outcome.parentElement!).getByRole("listitem").textContent).toBe(en("handover.item.name"));

  const table = screen.getByRole("table", { name: en("handover.compare.caption") });
  const name = within(table).getByRole("rowheader", { name: en("handover.item.name") }).parentElement!;
  const cells = within(name).getAllByRole("cell").map((c) => c.textContent);
  expect(cells).toEqual(["NGUYEN VAN ANH", "NGUYEN VAN AN", en("handover.compare.differs")]);
  expect(name.className).toContain("differs");
  const address = within(table).getByRole("rowheader", { name: en("handover.item.address") }).parentElement!;
  expect(within(address).getAllByRole("cell")[2].textContent).toBe(en("handover.compare.same"));

  expect(screen.queryByRole("button", { name: en("handover.complete") })).toBeNull();
  expect(screen.getByRole("heading", { level: 2, name: en("handover.supervisor.heading") })).toBeTruthy();
  expect(screen.getByRole("button", { name: en("handover.supervisor.submit") })).toBeTruthy();
  expect(fake.apps.get(1)!.handedOver).toBeNull();
});

test("a supervisor's decision needs a supervisor and a real reason; what was typed stays except the password", async () => {
  const { fake } = await atHandover();
  fake.addUser("sato", "佐藤 次郎", "supervisor", "supervisor pass phrase");
  await insert(fake, virtualCard({ basic: { ...virtualCard().basic, name: "NGUYEN VAN ANH" } }));
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  await screen.findByRole("heading", { level: 2, name: en("handover.mismatch.title") });

  const username = () => screen.getByLabelText(en("handover.supervisor.username.label")) as HTMLInputElement;
  const password = () => screen.getByLabelText(en("handover.supervisor.password.label")) as HTMLInputElement;
  const reason = () => screen.getByLabelText(en("handover.supervisor.reason.label")) as HTMLTextAreaElement;
  const decide = () => fireEvent.click(screen.getByRole("button", { name: en("handover.supervisor.submit") }));

  // Counter staff cannot decide it.
  fireEvent.change(username(), { target: { value: "tanaka" } });
  fireEvent.change(password(), { target: { value: "correct horse battery" } });
  fireEvent.change(reason(), { target: { value: "Checked the residence card" } });
  decide();
  let summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("desk.handover.error.notSupervisor"));
  expect(password().value).toBe("");

  fireEvent.change(username(), { target: { value: "sato" } });
  fireEvent.change(password(), { target: { value: "supervisor pass phrase" } });
  fireEvent.change(reason(), { target: { value: "ok" } });
  decide();
  await waitFor(() => expect(screen.getByRole("alert").textContent).toContain(en("intake.handover.reason.error.tooShort", { Min: 10 })));
  summary = screen.getByRole("alert");
  expect(document.activeElement).toBe(summary);
  expect(within(summary).getByRole("link", { name: en("intake.handover.reason.error.tooShort", { Min: 10 }) })).toBeTruthy();
  expect(username().value).toBe("sato");
  expect(reason().value).toBe("ok");
  expect(password().value).toBe("");
  expect(fake.apps.get(1)!.handedOver).toBeNull();

  const why = "Residence card shows NGUYEN VAN ANH; the resident record was corrected today.";
  fireEvent.change(password(), { target: { value: "supervisor pass phrase" } });
  fireEvent.change(reason(), { target: { value: why } });
  decide();
  await h1(en("handover.done.title"));
  expect(screen.getAllByText(en("handover.done.overridden")).length).toBeGreaterThan(0);
  expect(screen.getByText(why)).toBeTruthy();
  expect(fake.apps.get(1)!.handedOver).toMatchObject({ matched: false, differing: ["name"], overrideBy: 3, reason: why });
  expect(JSON.stringify(fake.calls)).not.toContain("supervisor pass phrase");
});

test("taking the card off the reader updates the status and withdraws the PIN field", async () => {
  const { fake } = await atHandover();
  await insert(fake);
  expect(pinField()).toBeTruthy();
  act(() => fake.removeCard());
  expect(screen.getByRole("status").textContent).toBe(en("handover.card.removed"));
  expect(pinField()).toBeNull();
  expect(screen.queryByRole("heading", { name: en("handover.card.heading") })).toBeNull();
});

test("a new card on the reader forgets the result of the previous one", async () => {
  const { fake } = await atHandover();
  await insert(fake);
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  await screen.findByRole("heading", { level: 2, name: en("handover.match.title") });
  act(() => fake.removeCard());
  // The card is taken off to be handed over: the result stays.
  expect(screen.getByRole("button", { name: en("handover.complete") })).toBeTruthy();
  await insert(fake, virtualCard({ basic: { ...virtualCard().basic, name: "SOMEONE ELSE" } }));
  expect(screen.queryByRole("button", { name: en("handover.complete") })).toBeNull();
  expect(screen.queryByRole("table", { name: en("handover.compare.caption") })).toBeNull();
  expect(pinField()).toBeTruthy();
});

test("a progress bar shows while the card is read, moved on by the backend's progress events", async () => {
  const { fake } = await atHandover();
  const release = fake.holdCard();
  act(() => {
    fake.insertCard();
  });
  const bar = await screen.findByRole("progressbar", { name: en("handover.reading") });
  await waitFor(() => expect(bar.getAttribute("aria-valuenow")).toBe("1"));
  expect(bar.getAttribute("aria-valuemax")).toBe("3");
  expect(screen.getByText(en("handover.reading.step", { Done: 1, Total: 3 }), { selector: "[aria-live] *, [aria-live]" })).toBeTruthy();
  await act(async () => release());
  await screen.findByRole("heading", { level: 2, name: en("handover.card.heading") });
  expect(screen.queryByRole("progressbar")).toBeNull();
});

test("without a reader the page asks for one, and carries on when it is connected", async () => {
  const { fake } = await atHandover({ readers: [] });
  await screen.findByText(en("handover.reader.none.text"));
  expect(screen.getByRole("status").textContent).toBe(en("handover.reader.none.title"));
  act(() => fake.connectReader("PaSoRi RC-S300"));
  await screen.findByText(en("handover.reader.one", { Name: "PaSoRi RC-S300" }));
  expect(screen.getByRole("status").textContent).toBe(en("handover.card.waiting"));
});

test("with several readers the reader is chosen from a list, starting with the one holding a card", async () => {
  const { fake } = await atHandover({ readers: ["Reader A", "Reader B", "Reader C"] }, (f) => {
    f.insertCard(virtualCard(), "Reader B");
  });
  await screen.findByRole("heading", { level: 2, name: en("handover.card.heading") });
  expect(fake.callsTo("CardStatus")).toEqual([["Reader B"]]);
  const choose = screen.getByRole("button", { name: new RegExp(en("handover.reader.label")) });
  expect(choose.textContent).toContain("Reader B");

  fireEvent.click(choose);
  fireEvent.click(await screen.findByRole("option", { name: "Reader C" }));
  await waitFor(() => expect(screen.getByRole("status").textContent).toBe(en("handover.card.waiting")));
  expect(pinField()).toBeNull();
  // A card on a reader not in use is not read.
  act(() => {
    fake.insertCard(virtualCard(), "Reader A");
  });
  expect(screen.getByRole("status").textContent).toBe(en("handover.card.waiting"));
  act(() => {
    fake.insertCard(virtualCard(), "Reader C");
  });
  await screen.findByRole("heading", { level: 2, name: en("handover.card.heading") });
  expect(fake.callsTo("CardStatus")).toEqual([["Reader B"], ["Reader C"]]);
});

test("a wrong PIN on the last try locks it: the guidance replaces the PIN field", async () => {
  const { fake } = await atHandover();
  await insert(fake, virtualCard({ tries: { cardInfo: 1, auth: 3, signature: 5 } }));
  typePin("0000");
  fireEvent.click(screen.getByRole("checkbox", { name: en("handover.lastTry.confirm") }));
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submitLastTry") }));
  const summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("card.pin.blocked"));
  expect(screen.getByRole("heading", { name: en("handover.blocked.title") })).toBeTruthy();
  expect(pinField()).toBeNull();
});

test("the last try is asked for from the tries a wrong PIN reports, and refused without the confirmation", async () => {
  const { fake } = await atHandover();
  const card = await insert(fake, virtualCard({ tries: { cardInfo: 2, auth: 3, signature: 5 } }));
  typePin("9999");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  let summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("card.pin.wrong", { Count: 1 }));
  // The last try is now to be confirmed, from the tries the refusal gave.
  expect(screen.getByText(en("handover.lastTry.warning"))).toBeTruthy();
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submitLastTry") }));
  await waitFor(() => expect(screen.getByRole("alert").textContent).toContain(en("card.pin.lastTry")));
  summary = screen.getByRole("alert");
  expect(within(summary).getByRole("link").getAttribute("href")).toBe("#field-confirmLastTry");
  expect(card.tries.cardInfo).toBe(1);
  expect(fake.pinAttempts.filter((a) => !a.confirmLastTry && a.triesBefore === 1).every((a) => !a.spent)).toBe(true);
});

test("PIN refusals are tied to what the user acts on", () => {
  expect(readPinRefusal([{ field: "pin", id: "card.pin.lastTry" }])).toEqual({
    lastTry: true, tries: 1, problems: [{ id: "card.pin.lastTry", field: "confirmLastTry" }],
  });
  expect(readPinRefusal([{ field: "pin", id: "card.pin.wrong", args: { Count: 2 } }])).toMatchObject({
    lastTry: false, tries: 2, problems: [{ field: "pin" }],
  });
  expect(readPinRefusal([{ field: "pin", id: "card.pin.blocked" }])).toEqual({ lastTry: false, tries: 0, problems: [{ id: "card.pin.blocked" }] });
  expect(readPinRefusal([{ id: "card.error.removed" }])).toEqual({ lastTry: false, problems: [{ id: "card.error.removed" }] });
});

test("the names the end-to-end test looks for are in every language", () => {
  const ids = [
    "readyApplication.handOver", "handover.pin.label", "handover.lastTry.confirm", "handover.pin.submit",
    "handover.pin.submitLastTry", "handover.complete", "handover.compare.caption", "handover.supervisor.submit",
  ];
  for (const lang of ["ja", "en"]) for (const id of ids) expect(translate(lang, id)).not.toBe(id);
  expect(translate("en", "handover.pin.label")).toBe("Card-info input support PIN (4 digits)");
  expect(translate("ja", "handover.pin.label")).toBe("券面事項入力補助用暗証番号（数字4桁）");
});

test("a handed-over application says so, with the supervisor's decision and reason, and offers no handover", async () => {
  const { fake } = await renderApp({ signedIn: "counter", staffLanguage: "en" });
  const app = fake.seedApplication(completeAnswers, { status: "ready" });
  const why = "Name on the residence card was checked; the record is being corrected.";
  fake.apps.get(app.id)!.handedOver = {
    at: "2026-11-23T10:30:00Z", by: 2, matched: false, differing: ["name"], overrideBy: 3, reason: why,
  };
  fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
  fireEvent.click(within(await screen.findByRole("table")).getByRole("link", { name: completeAnswers.name }));
  await h1(en("readyApplication.title"));
  const panel = screen.getByRole("region", { name: en("handover.done.title") });
  expect(panel.textContent).toContain(en("handover.done.overridden"));
  expect(panel.textContent).toContain(why);
  expect(row(en("handover.record.differing")).textContent).toContain(en("handover.item.name"));
  expect(row(en("handover.record.at")).textContent).toContain("2026");
  expect(screen.queryByRole("button", { name: en("readyApplication.handOver") })).toBeNull();
});

test("what the applicant does and is told at the handover is also said in their language", async () => {
  const { fake } = await atHandover({}, (f) => {
    f.apps.get(1)!.answers.applicantLanguage = "vi";
  });
  await insert(fake);
  const pin = screen.getByTestId("applicant-panel");
  expect(within(pin).getByText(translate("vi", "handover.pin.applicant")).closest("[lang]")?.getAttribute("lang")).toBe("vi");
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  await screen.findByRole("heading", { level: 2, name: en("handover.match.title") });
  fireEvent.click(screen.getByRole("button", { name: en("handover.complete") }));
  await h1(en("handover.done.title"));
  const told = screen.getByTestId("applicant-panel");
  expect(within(told).getByText(translate("vi", "handover.done.applicant")).closest("[lang]")?.getAttribute("lang")).toBe("vi");
  // Where to call when the card is lost: the numbers of the lost-card rules, in the sentence in Vietnamese.
  const lines = translate("vi", "handover.done.applicant.phone", { Line: "0120-95-0178", Option: 2, Foreign: "0120-0178-27" });
  expect(await within(told).findByText(lines)).toBeTruthy();
  expect(lines).toContain("0120-0178-27");
  expect(within(told).getByText(en("intake.readToApplicant.machine"))).toBeTruthy();
});

test("a card that does not match is also explained to the applicant, in their language", async () => {
  const { fake } = await atHandover({}, (f) => {
    f.apps.get(1)!.answers.applicantLanguage = "ko";
  });
  await insert(fake, virtualCard({ basic: { ...virtualCard().basic, name: "NGUYEN VAN ANH" } }));
  typePin("1234");
  fireEvent.click(screen.getByRole("button", { name: en("handover.pin.submit") }));
  const outcome = await screen.findByRole("heading", { level: 2, name: en("handover.mismatch.title") });
  const told = within(outcome.parentElement!).getByTestId("applicant-panel");
  expect(within(told).getByText(translate("ko", "handover.mismatch.applicant")).closest("[lang]")?.getAttribute("lang")).toBe("ko");
});
