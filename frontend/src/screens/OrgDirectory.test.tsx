import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { translate } from "../i18n";
import { h1, renderApp } from "../test/render";

const en = (id: string, args?: Record<string, string | number>) => translate("en", id, args);

test("the administrator adds an organisation, gets field errors from the desk, and imports CSV all or nothing", async () => {
  const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en" });
  await h1(en("admin.title"));
  const table = await screen.findByRole("table", { name: en("orgs.heading") });
  expect(within(table).getAllByText("International Social Service Japan (ISSJ)").length).toBeGreaterThan(0);

  fireEvent.change(screen.getByRole("textbox", { name: en("orgs.field.id") }), { target: { value: "kawasaki" } });
  fireEvent.click(screen.getByRole("button", { name: en("orgs.new.submit") }));
  const summary = await screen.findByRole("alert");
  await waitFor(() => expect(document.activeElement).toBe(summary));
  expect(within(summary).getAllByText(en("orgs.error.required")).length).toBe(2);
  // What was typed stays.
  expect((screen.getByRole("textbox", { name: en("orgs.field.id") }) as HTMLInputElement).value).toBe("kawasaki");

  fireEvent.change(screen.getByRole("textbox", { name: en("orgs.field.nameJa") }), { target: { value: "川崎ヘルプ" } });
  fireEvent.change(screen.getByRole("textbox", { name: en("orgs.field.nameEn") }), { target: { value: "Kawasaki Help" } });
  fireEvent.click(screen.getByRole("button", { name: en("orgs.new.submit") }));
  await screen.findByText(en("orgs.saved", { Name: "Kawasaki Help" }));
  expect(fake.orgs.some((o) => o.id === "kawasaki")).toBe(true);

  const input = screen.getByLabelText(en("orgs.csv.file")) as HTMLInputElement;
  const file = new File(["name,id\nx,y\n"], "orgs.csv", { type: "text/csv" });
  Object.defineProperty(input, "files", { value: [file] });
  fireEvent.click(screen.getByRole("button", { name: en("orgs.csv.import") }));
  const errors = await screen.findByRole("alert");
  await waitFor(() => expect(errors.textContent).toContain(en("orgs.csv.error.missingColumn", { Row: 1, Column: "id" })));
  // The problem is the file's: shown at the file box and linked to it, not at the add form's ID field.
  const message = en("orgs.csv.error.missingColumn", { Row: 1, Column: "id" });
  expect(within(errors).getByRole("link", { name: message }).getAttribute("href")).toBe("#field-csvFile");
  expect(screen.getByRole("textbox", { name: en("orgs.field.id") }).getAttribute("aria-invalid")).not.toBe("true");
  expect(input.closest(".form-group")?.textContent).toContain(message);
});

test("export: the window saves through Go's save dialog; a browser on the dev server downloads the CSV instead", async () => {
  URL.createObjectURL = vi.fn(() => "blob:orgs");
  URL.revokeObjectURL = vi.fn();
  const download = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  try {
    const { fake } = await renderApp({ signedIn: "admin", staffLanguage: "en" });
    await h1(en("admin.title"));
    await screen.findByRole("table", { name: en("orgs.heading") });

    // A browser: no dialog is asked for (it would open on the desktop window, out of the browser's reach).
    fireEvent.click(screen.getByRole("button", { name: en("orgs.csv.export") }));
    await screen.findByText(en("orgs.csv.exported", { File: "madoguchi-orgs.csv" }));
    expect(fake.callsTo("SaveOrgsCSV")).toHaveLength(0);
    expect(fake.callsTo("ExportOrgsCSV")).toHaveLength(1);
    expect(download).toHaveBeenCalledTimes(1);

    // The Linux window: Go's save dialog, and the path chosen.
    window.webkit = { messageHandlers: { external: {} } };
    fake.SaveOrgsCSV = async () => "/media/usb/orgs.csv";
    fireEvent.click(screen.getByRole("button", { name: en("orgs.csv.export") }));
    await screen.findByText(en("orgs.csv.exported", { File: "/media/usb/orgs.csv" }));
    expect(fake.callsTo("ExportOrgsCSV")).toHaveLength(1);
    expect(download).toHaveBeenCalledTimes(1);
  } finally {
    delete window.webkit;
    download.mockRestore();
  }
});

test("the administration page shows one outcome at a time: a form sent clears what another form said", async () => {
  await renderApp({ signedIn: "admin", staffLanguage: "en" });
  await h1(en("admin.title"));
  await screen.findByRole("table", { name: en("orgs.heading") });
  const minutes = screen.getByRole("textbox", { name: en("admin.idle.label") });
  fireEvent.change(minutes, { target: { value: "10" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.idle.submit") }));
  await screen.findByText(en("admin.idleSaved", { Count: 10 }));

  // A failed import below: its errors, and the idle-lock banner above gone.
  const input = screen.getByLabelText(en("orgs.csv.file")) as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [new File(["name\nx\n"], "orgs.csv", { type: "text/csv" })] });
  fireEvent.click(screen.getByRole("button", { name: en("orgs.csv.import") }));
  const importError = en("orgs.csv.error.missingColumn", { Row: 1, Column: "id" });
  await waitFor(() => expect(screen.getAllByRole("alert").map((a) => a.textContent).join()).toContain(importError));
  expect(screen.queryByText(en("admin.idleSaved", { Count: 10 }))).toBeNull();

  // The idle lock saved again above: its banner, and the import's errors gone.
  fireEvent.change(minutes, { target: { value: "12" } });
  fireEvent.click(screen.getByRole("button", { name: en("admin.idle.submit") }));
  await screen.findByText(en("admin.idleSaved", { Count: 12 }));
  expect(screen.queryByText(importError)).toBeNull();
  expect(screen.queryAllByRole("alert")).toHaveLength(0);
});

test("the CSV file box speaks the staff language, not the browser's, and names the file chosen", async () => {
  const inVi = (id: string) => translate("vi", id);
  await renderApp({ signedIn: "admin", staffLanguage: "vi" });
  await h1(inVi("admin.title"));
  const input = (await screen.findByLabelText(inVi("orgs.csv.file"))) as HTMLInputElement;
  const box = input.closest(".file-upload") as HTMLElement;
  expect(within(box).getByText(inVi("fileUpload.choose"))).toBeTruthy();
  const said = () => input.getAttribute("aria-describedby")!.split(" ").map((id) => document.getElementById(id)!.textContent).join(" ");
  expect(said()).toBe(inVi("fileUpload.noFile"));

  const file = new File(["id\n"], "to-chuc.csv", { type: "text/csv" });
  Object.defineProperty(input, "files", { value: [file] });
  fireEvent.change(input);
  expect(said()).toBe("to-chuc.csv");
  expect(within(box).queryByText(inVi("fileUpload.noFile"))).toBeNull();
});
