import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, onTestFinished, test } from "vitest";
import type { AuditEntry } from "../api";
import { translate } from "../i18n";
import type { FakeDesk } from "../test/fakeDesk";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

// A trail like the one Go keeps: tanaka (user 2) takes application 7; the supervisor (user 3) overrides a check.
function seed(fake: FakeDesk) {
  const trail: Partial<AuditEntry>[] = [
    { userId: 2, role: "counter", action: "signIn" },
    { userId: 2, role: "counter", action: "create", recordType: "application", recordId: 7 },
    { userId: 2, role: "counter", action: "change", recordType: "application", recordId: 7 },
    { userId: 0, role: "", action: "signInFailed" },
    { userId: 3, role: "supervisor", action: "override", recordType: "application", recordId: 7, reason: "旧姓で記載" },
  ];
  fake.seedAudit(trail);
}

async function openAudit(opts: { canSaveCopy?: boolean } = {}) {
  const r = await renderApp({ signedIn: "supervisor", staffLanguage: "en" });
  seed(r.fake);
  r.fake.canSaveCopy = !!opts.canSaveCopy;
  const nav = screen.getByRole("navigation", { name: en("nav.label") });
  expect(within(nav).getByRole("button", { name: en("nav.counter") }).getAttribute("aria-current")).toBe("page");
  fireEvent.click(within(nav).getByRole("button", { name: en("nav.audit") }));
  await h1(en("audit.title"));
  expect(within(nav).getByRole("button", { name: en("nav.audit") }).getAttribute("aria-current")).toBe("page");
  await screen.findByText(en("audit.results.count", { Count: 5 }));
  return r;
}

function rows() {
  const table = screen.getByRole("table", { name: en("audit.results.caption") });
  return within(table).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
}

async function choose(label: string, option: string) {
  fireEvent.click(screen.getByRole("button", { name: new RegExp(label) }));
  fireEvent.click(await screen.findByRole("option", { name: option }));
}

test("only the supervisor's header offers the audit trail; counter staff get the counter and cases only", async () => {
  await renderApp({ signedIn: "counter", staffLanguage: "en" });
  const nav = await screen.findByRole("navigation", { name: en("nav.label") });
  expect(within(nav).getAllByRole("button").map((b) => b.textContent)).toEqual([en("nav.counter"), en("nav.cases")]);
  expect(screen.queryByRole("button", { name: en("nav.audit") })).toBeNull();
});

test("the trail shows the chain check and the entries newest first, a page at a time, with who did what", async () => {
  const { fake } = await openAudit();
  await screen.findByText(en("audit.chain.ok", { Count: 5 }));
  expect(rows().map((r) => r[0])).toEqual(["5", "4", "3"]);
  const [override, failed] = rows();
  expect(override[2]).toBe(`鈴木 一郎 (${en("auth.role.supervisor")})`);
  expect(override[3]).toBe(en("audit.action.override"));
  expect(override[4]).toBe(en("audit.record", { Type: en("audit.recordType.application"), ID: 7 }));
  expect(override[5]).toBe("旧姓で記載");
  expect(failed[2]).toBe(en("audit.staff.none"));
  expect(screen.getByText(en("audit.page.status", { Page: 1, Pages: 2 }))).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: en("audit.page.next") }));
  await screen.findByText(en("audit.page.status", { Page: 2, Pages: 2 }));
  expect(rows().map((r) => r[0])).toEqual(["2", "1"]);
  expect(fake.callsTo("SearchAudit").at(-1)?.[1]).toBe(2);
});

test("filters go to Go as typed; a refused date is explained on its field and nothing typed is lost", async () => {
  const { fake } = await openAudit();
  await choose(en("audit.filter.staff.label"), en("audit.filter.staff.option", { Name: "田中 花子", Username: "tanaka" }));
  await choose(en("audit.filter.recordType.label"), en("audit.recordType.application"));
  fireEvent.change(screen.getByRole("textbox", { name: en("audit.filter.recordId.label") }), { target: { value: "7" } });
  fireEvent.click(screen.getByRole("button", { name: en("audit.filter.apply") }));
  await screen.findByText(en("audit.results.count", { Count: 2 }));
  expect(fake.callsTo("SearchAudit").at(-1)).toEqual([
    { from: "", to: "", userId: 2, action: "", recordType: "application", recordId: "7", reason: "" },
    1,
  ]);
  expect(rows().map((r) => r[3])).toEqual([en("audit.action.change"), en("audit.action.create")]);

  const from = screen.getByRole("textbox", { name: en("audit.filter.from.label") });
  fireEvent.change(from, { target: { value: "23/11/2026" } });
  fireEvent.click(screen.getByRole("button", { name: en("audit.filter.apply") }));
  const summary = await screen.findByRole("alert");
  await waitFor(() => expect(document.activeElement).toBe(summary));
  fireEvent.click(within(summary).getByRole("link", { name: en("audit.filter.from.error.invalid") }));
  expect(document.activeElement).toBe(from);
  expect((from as HTMLInputElement).value).toBe("23/11/2026");
  expect(rows()).toHaveLength(2); // the entries of the last good filter stay

  fireEvent.change(screen.getByRole("searchbox", { name: en("audit.filter.reason.label") }), { target: { value: "旧姓" } });
  fireEvent.change(from, { target: { value: "" } });
  await choose(en("audit.filter.staff.label"), en("audit.filter.any"));
  fireEvent.click(screen.getByRole("button", { name: en("audit.filter.apply") }));
  await screen.findByText(en("audit.results.count", { Count: 1 }));
  expect(screen.queryByRole("alert")).toBeNull();
});

test("export writes the filtered entries, says where, and offers a copy elsewhere in the window", async () => {
  window.webkit = { messageHandlers: { external: {} } }; // as in the Linux window
  onTestFinished(() => {
    delete window.webkit;
  });
  const { fake } = await openAudit({ canSaveCopy: true });
  await choose(en("audit.filter.action.label"), en("audit.action.create"));
  fireEvent.click(screen.getByRole("button", { name: en("audit.filter.apply") }));
  await screen.findByText(en("audit.results.count", { Count: 1 }));
  fireEvent.click(screen.getByRole("button", { name: en("audit.export.submit") }));
  await screen.findByText(en("audit.export.done", { Count: 1 }));
  expect(screen.getByText("/data/exports/audit-20261123-100000.csv")).toBeTruthy();
  expect(fake.exports[0].rows.map((e) => e.action)).toEqual(["create"]);
  expect(fake.auditEntries.at(-1)?.action).toBe("export");

  fake.savedCopyPath = "/media/usb/audit.csv";
  fireEvent.click(screen.getByRole("button", { name: en("audit.export.saveCopy.button") }));
  await screen.findByText(en("audit.export.saveCopy.done", { Path: "/media/usb/audit.csv" }));
  expect(fake.callsTo("SaveAuditCopy")).toEqual([["audit-20261123-100000.csv"]]);
});

test("in a browser on the dev server, only the data-folder export is offered", async () => {
  await openAudit({ canSaveCopy: true });
  fireEvent.click(screen.getByRole("button", { name: en("audit.export.submit") }));
  await screen.findByText(en("audit.export.done", { Count: 5 }));
  expect(screen.queryByRole("button", { name: en("audit.export.saveCopy.button") })).toBeNull();
});

test("a broken chain names the first broken link", async () => {
  const r = await renderApp({ signedIn: "supervisor", staffLanguage: "en" });
  seed(r.fake);
  r.fake.auditReport = { entries: 5, intact: 2, lastSeq: 0, lastHash: "", broken: { seq: 3, kind: "changed" }, since: 0, walked: 0 };
  fireEvent.click(screen.getByRole("button", { name: en("nav.audit") }));
  await screen.findByText(en("audit.error.chain.changed", { Seq: 3 }));
  expect(screen.getByText(en("audit.chain.intactUpTo", { Intact: 2, Entries: 5 }))).toBeTruthy();
});

test("back on the counter, the page left behind is still there and takes focus", async () => {
  await renderApp({ signedIn: "supervisor", staffLanguage: "en" });
  const home = await screen.findByRole("heading", { level: 1 });
  const name = home.textContent;
  fireEvent.click(screen.getByRole("button", { name: en("nav.audit") }));
  await h1(en("audit.title"));
  expect(screen.queryByRole("button", { name: en("header.nextApplicant") })).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: en("nav.counter") }));
  await waitFor(() => expect(document.activeElement?.textContent).toBe(name));
  expect(screen.queryByRole("heading", { level: 1, name: en("audit.title") })).toBeNull();
});
