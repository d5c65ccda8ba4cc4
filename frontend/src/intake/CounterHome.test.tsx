import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { translate } from "../i18n";
import { virtualCard, type FakeDesk, type FakeDeskOptions, type VirtualCard } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30000 });

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

// atHome signs in counter staff working in English and waits for the counter home.
async function atHome(opts: FakeDeskOptions = {}) {
  const r = await renderApp({ signedIn: "counter", staffLanguage: "en", ...opts });
  await h1(en("counter.title"));
  await screen.findByText(en("handover.card.waiting"));
  return r;
}

// The "Check a card" section of the counter home.
const section = () => screen.getByRole("region", { name: en("counter.cardCheck.heading") });
const cardHeading = () => within(section()).queryByRole("heading", { level: 3, name: en("handover.card.heading") });

// insert puts a card on the reader and waits until the section has read its status.
async function insert(fake: FakeDesk, card: VirtualCard = virtualCard()) {
  act(() => {
    fake.insertCard(card);
  });
  await within(section()).findByRole("heading", { level: 3, name: en("handover.card.heading") });
  await waitFor(() => expect(screen.queryByRole("progressbar")).toBeNull());
  return card;
}

function row(label: string) {
  const key = within(section()).getAllByRole("term").find((dt) => dt.textContent === label);
  if (!key) throw new Error(`no row ${label}`);
  return key.parentElement as HTMLElement;
}

// The line of the section saying where the card is (the reader panel's status).
const presence = () => within(section()).getAllByRole("status")[0];

test("the counter home has a Check a card section, below the applications, with one h1", async () => {
  await atHome();
  expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  const heading = screen.getByRole("heading", { level: 2, name: en("counter.cardCheck.heading") });
  expect(heading.textContent).toBe("Check a card");
  const search = screen.getByRole("heading", { level: 2, name: en("counter.search.heading") });
  expect(search.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  expect(within(section()).getByText(en("counter.cardCheck.text"))).toBeTruthy();
  expect(within(section()).getByRole("heading", { level: 3, name: en("handover.reader.heading") })).toBeTruthy();
  expect(within(section()).getByText(en("handover.reader.one", { Name: "Virtual Reader 0" }))).toBeTruthy();
  expect(presence().textContent).toBe(en("handover.card.waiting"));
});

test("placing a card shows its type, tries and certificate expiry at once, with no PIN asked or tried", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ tries: { cardInfo: 2, auth: 1, signature: 5 } }));
  expect(presence().textContent).toBe(en("handover.card.present"));
  expect(row(en("handover.card.type")).textContent).toContain(en("handover.card.token.card"));
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 2 }));
  expect(row(en("handover.tries.auth")).textContent).toContain(en("handover.tries.left", { Count: 1 }));
  expect(row(en("handover.tries.signature")).textContent).toContain(en("handover.tries.left", { Count: 5 }));
  expect(row(en("handover.card.certificateExpiry")).textContent).toContain("2031");
  // The result is in a status region, so that it is announced when the read ends.
  const result = within(section()).getAllByRole("status")[1];
  expect(result.textContent).toContain(en("handover.tries.cardInfo"));
  expect(screen.queryByRole("heading", { name: en("handover.blocked.title") })).toBeNull();

  // Read without any PIN: no PIN field, no PIN attempt, only the status read.
  expect(screen.queryByLabelText(en("handover.pin.label"))).toBeNull();
  expect(fake.pinAttempts).toHaveLength(0);
  expect(fake.callsTo("CheckHandover")).toHaveLength(0);
  expect(fake.callsTo("CardStatus")).toEqual([["Virtual Reader 0"]]);
});

test("a smartphone is named as such", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ token: "smartphone" }));
  expect(row(en("handover.card.type")).textContent).toContain(en("handover.card.token.smartphone"));
});

test("a card whose card-info PIN is locked gets the guidance", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ tries: { cardInfo: 0, auth: 3, signature: 5 } }));
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.none"));
  expect(within(section()).getByRole("heading", { level: 3, name: en("handover.blocked.title") })).toBeTruthy();
  expect(within(section()).getByText(en("handover.blocked.next"))).toBeTruthy();
  expect(fake.pinAttempts).toHaveLength(0);
});

test("a card that is not a My Number card says so, with no tries", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ myNumberCard: false }));
  expect(within(section()).getByText(en("counter.cardCheck.notMyNumber"))).toBeTruthy();
  expect(within(section()).queryByText(en("handover.tries.cardInfo"))).toBeNull();
  expect(screen.queryByRole("heading", { name: en("handover.blocked.title") })).toBeNull();
});

test("removing the card clears the result; the next card shows its own", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ tries: { cardInfo: 0, auth: 3, signature: 5 } }));
  act(() => fake.removeCard());
  await waitFor(() => expect(cardHeading()).toBeNull());
  expect(presence().textContent).toBe(en("handover.card.removed"));
  expect(screen.queryByRole("heading", { name: en("handover.blocked.title") })).toBeNull();
  expect(within(section()).queryAllByRole("term")).toHaveLength(0);

  await insert(fake, virtualCard({ tries: { cardInfo: 3, auth: 2, signature: 4 } }));
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 3 }));
  expect(screen.queryByRole("heading", { name: en("handover.blocked.title") })).toBeNull();
});

test("Next applicant clears the result: a card still on the reader is read afresh", async () => {
  const { fake } = await atHome();
  await insert(fake, virtualCard({ tries: { cardInfo: 1, auth: 3, signature: 5 } }));
  const release = fake.holdCard();
  fireEvent.click(screen.getByRole("button", { name: en("header.nextApplicant") }));
  await waitFor(() => expect(fake.callsTo("NextApplicant")).toHaveLength(1));
  await waitFor(() => expect(fake.callsTo("CardStatus")).toHaveLength(2));
  expect(cardHeading()).toBeNull();
  expect(within(section()).queryAllByRole("term")).toHaveLength(0);
  await act(async () => release());
  await within(section()).findByRole("heading", { level: 3, name: en("handover.card.heading") });
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 1 }));
  expect(fake.pinAttempts).toHaveLength(0);
});

test("with several readers the reader is chosen from a labelled list", async () => {
  const { fake } = await atHome({ readers: ["Reader A", "Reader B"] });
  fireEvent.click(within(section()).getByRole("button", { name: new RegExp(en("handover.reader.label")) }));
  fireEvent.click(await screen.findByRole("option", { name: "Reader B" }));
  act(() => {
    fake.insertCard(virtualCard({ tries: { cardInfo: 2, auth: 3, signature: 5 } }), "Reader B");
  });
  await within(section()).findByRole("heading", { level: 3, name: en("handover.card.heading") });
  expect(row(en("handover.tries.cardInfo")).textContent).toContain(en("handover.tries.left", { Count: 2 }));
  expect(fake.callsTo("CardStatus")).toEqual([["Reader B"]]);
});

test("a search that finds more applications than it shows says so, and one that does not stays silent", async () => {
  const { fake } = await atHome();
  fake.shownResults = 2;
  for (const name of ["SATO HANAKO", "SATO TARO", "SATO JIRO"]) fake.seedApplication({ name, nameKana: "サトウ" });
  const search = async (q: string) => {
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: q } });
    fireEvent.click(screen.getByRole("button", { name: en("counter.search.button") }));
    return within(await screen.findByRole("table")).findAllByRole("link");
  };
  expect(await search("SATO")).toHaveLength(2);
  expect(screen.getByText(en("counter.results.more", { Count: 2 }))).toBeTruthy();
  await waitFor(async () => expect(await search("SATO JIRO")).toHaveLength(1));
  expect(screen.queryByText(en("counter.results.more", { Count: 1 }))).toBeNull();
  expect(screen.queryByText(en("counter.results.more", { Count: 2 }))).toBeNull();
});
