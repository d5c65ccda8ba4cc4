import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { dateTime } from "../format";
import { translate } from "../i18n";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

test("the admin screen lists accounts and adds one, with the error summary pattern", async () => {
  const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en" });
  await h1(en("admin.title"));
  const table = await screen.findByRole("table", { name: en("admin.users.heading") });
  expect(within(table).getByText("tanaka")).toBeTruthy();
  expect(within(table).getByText(en("auth.role.counter"))).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Next applicant" })).toBeNull();

  fireEvent.change(screen.getByRole("textbox", { name: en("account.username.label") }), { target: { value: "sato" } });
  fireEvent.change(screen.getByRole("textbox", { name: en("account.displayName.label") }), { target: { value: "Sato Ken" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.newUser.submit") }));
  const summary = await screen.findByRole("alert");
  await waitFor(() => expect(document.activeElement).toBe(summary));
  fireEvent.click(within(summary).getByRole("link", { name: en("auth.user.role.error.invalid") }));
  expect(document.activeElement).toBe(screen.getByRole("button", { name: new RegExp(en("account.role.label")) }));
  expect((screen.getByRole("textbox", { name: en("account.username.label") }) as HTMLInputElement).value).toBe("sato");

  fireEvent.click(screen.getByRole("button", { name: new RegExp(en("account.role.label")) }));
  fireEvent.click(await screen.findByRole("option", { name: en("auth.role.supervisor") }));
  const pw = document.querySelectorAll<HTMLInputElement>("input[type=password]");
  fireEvent.change(pw[0], { target: { value: "a long pass phrase" } });
  fireEvent.change(pw[1], { target: { value: "a long pass phrase" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.newUser.submit") }));
  await screen.findByText(en("admin.userCreated", { Name: "Sato Ken", Username: "sato" }));
  expect(fake.callsTo("CreateUser").at(-1)).toEqual(["sato", "Sato Ken", "supervisor"]);
});

test("the idle-lock time is saved, and a refused value is explained on its field", async () => {
  const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en" });
  await h1(en("admin.title"));
  const minutes = screen.getByRole("textbox", { name: en("admin.idle.label") });
  fireEvent.change(minutes, { target: { value: "0" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.idle.submit") }));
  const summary = await screen.findByRole("alert");
  expect(summary.textContent).toContain(en("auth.settings.idleMinutes.error.range", { Min: 1, Max: 60 }));
  fireEvent.change(minutes, { target: { value: "１０" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.idle.submit") }));
  await screen.findByText(en("admin.idleSaved", { Count: 10 }));
  expect(fake.idleMinutes).toBe(10);
});

test("the administrator sets how long Individual Numbers are kept; a wrong value keeps what was typed", async () => {
  const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en" });
  await h1(en("admin.title"));
  const days = await screen.findByRole("textbox", { name: en("admin.retention.label") });
  await waitFor(() => expect((days as HTMLInputElement).value).toBe("30"));
  fireEvent.change(days, { target: { value: "5000" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.retention.submit") }));
  const summary = await screen.findByRole("alert");
  expect(within(summary).getByRole("link", { name: en("intake.number.retention.error.range", { Max: 3650 }) })).toBeTruthy();
  expect((days as HTMLInputElement).value).toBe("5000");
  fireEvent.change(days, { target: { value: "９０" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.retention.submit") }));
  await screen.findByText(en("admin.retention.saved", { Days: 90 }));
  expect(fake.retentionDays).toBe(90);
});

test("an account locked by wrong passwords shows until when, and the administrator unlocks it", async () => {
  const until = "2026-11-23T11:00:00Z";
  const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en", lockedAccounts: { tanaka: until } });
  await h1(en("admin.title"));
  const table = await screen.findByRole("table", { name: en("admin.users.heading") });
  const row = within(table).getByText("tanaka").closest("tr")!;
  expect(row.textContent).toContain(en("admin.users.lockedUntil", { Time: dateTime("en", until) }));
  expect(screen.getByText(en("admin.users.lockHint"))).toBeTruthy();
  // Only the locked account has the button, named after it.
  expect(within(table).getAllByRole("button")).toHaveLength(1);
  fireEvent.click(within(row).getByRole("button", { name: en("admin.users.unlock.label", { Name: "田中 花子", Username: "tanaka" }) }));
  await screen.findByText(en("admin.unlocked", { Name: "田中 花子", Username: "tanaka" }));
  const clerk = fake.users.find((u) => u.username === "tanaka")!;
  expect(fake.callsTo("UnlockUser")).toEqual([[clerk.id]]);
  await waitFor(() => expect(within(table).queryAllByRole("button")).toHaveLength(0));
  expect(table.textContent).not.toContain(en("admin.users.lockedUntil", { Time: dateTime("en", until) }));
  expect(screen.queryByText(en("admin.users.lockHint"))).toBeNull();
});
