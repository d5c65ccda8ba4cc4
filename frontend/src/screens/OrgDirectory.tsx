import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import { asFailure, inDesktopWindow, type Org } from "../api";
import { ErrorSummary, useFormProblems } from "../components/ErrorSummary";
import { CheckboxInput, TextAreaInput, TextInput } from "../components/fields";
import { FileUpload } from "../components/FileUpload";
import { SuccessBanner } from "../components/Notice";
import { desk } from "../desk";
import { orgName } from "../format";
import { useStaffLanguage, useT } from "../language";

const orgFields = ["id", "nameJa", "nameEn", "takesJa", "takesEn", "languages", "phone", "contact", "hours", "active"];
const emptyOrg: Org = {
  id: "", num: 0, nameJa: "", nameEn: "", takesJa: "", takesEn: "", languages: "", phone: "", contact: "", hours: "",
  active: true, updatedAt: "",
};

type Done = { kind: "saved"; name: string } | { kind: "imported"; added: number; updated: number } | { kind: "exported"; file: string } | null;

// readText reads a chosen file as UTF-8 text (FileReader: the one reader every engine here has). Go checks
// the encoding: bytes that are not UTF-8 arrive as U+FFFD and are refused there as a file to re-save.
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ""));
    r.onerror = () => reject(r.error);
    r.readAsText(file, "utf-8");
  });
}

// OrgDirectory is the administrator's view of the directory of support organisations: the list, a form to add
// or change one entry, and CSV export and import (onChanged: the directory changed) (all rows or none; the problems name rows and columns).
// quiet counts the forms sent elsewhere on the page: when it moves, this section's banner and errors go, so the page
// shows one outcome at a time; onActed says the same the other way, after each form sent here.
export function OrgDirectory({ onChanged, quiet = 0, onActed }: { onChanged?: () => void; quiet?: number; onActed?: () => void }) {
  const t = useT();
  const lang = useStaffLanguage();
  const [list, setList] = useState<Org[] | null>(null);
  const [v, setV] = useState<Org>(emptyOrg);
  const [editing, setEditing] = useState<string | null>(null); // ID being changed; null: adding
  const [done, setDone] = useState<Done>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const { problems, fields, error, fail, clear: clearProblems } = useFormProblems(() => setDone(null));
  const set = (k: keyof Org) => (value: string | boolean) => setV((prev) => ({ ...prev, [k]: value }));

  async function load() {
    try {
      setList(await desk.ListOrgs());
    } catch (err) {
      fail(err, []);
    }
  }

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (!quiet) return;
    setDone(null);
    clearProblems();
  }, [quiet]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const saved = await desk.SaveOrg(v, editing === null);
      clearProblems();
      setV(emptyOrg);
      setEditing(null);
      setDone({ kind: "saved", name: orgName(saved, lang) });
      void load();
      onChanged?.();
    } catch (err) {
      fail(err, orgFields);
    } finally {
      setBusy(false);
      onActed?.();
    }
  }

  // exportCSV saves through the window's save dialog (WebKitGTK in Wails ignores <a download>). A browser on the
  // dev server (wails dev, the end-to-end tests) gets a download instead, as the audit export offers its copy only
  // in the window: Go's dialog would open on the desktop window behind it and never answer the browser.
  async function exportCSV() {
    try {
      let file = "";
      if (inDesktopWindow()) {
        try {
          file = await desk.SaveOrgsCSV();
          if (!file) return; // cancelled
        } catch (err) {
          if (!asFailure(err).problems.some((p) => p.id === "desk.error.noSaveDialog")) throw err;
        }
      }
      if (!file) {
        file = "madoguchi-orgs.csv";
        const text = await desk.ExportOrgsCSV();
        const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = file;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }
      clearProblems();
      setDone({ kind: "exported", file });
      onActed?.();
    } catch (err) {
      fail(err, []);
      onActed?.();
    }
  }

  async function importCSV(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (busy) return;
    setBusy(true);
    try {
      // No file is sent as empty text: Go says what is missing (orgs.csv.error.empty).
      const res = await desk.ImportOrgsCSV(file ? await readText(file) : "");
      clearProblems();
      setDone({ kind: "imported", added: res.added, updated: res.updated });
      void load();
      onChanged?.();
    } catch (err) {
      // Go names the CSV column a problem is in ("id", "phone"...), as the add form's fields are named: every one
      // belongs to the file box, not to the form above, which the administrator did not touch.
      const failure = asFailure(err);
      fail({ ...failure, problems: failure.problems.map((p) => ({ ...p, field: "csvFile" })) }, ["csvFile"]);
    } finally {
      setBusy(false);
      onActed?.();
    }
  }

  function edit(o: Org) {
    setEditing(o.id);
    setV(o);
    clearProblems();
    setDone(null);
    setTimeout(() => document.getElementById("org-form-heading")?.focus(), 0);
  }

  const csvError = error("csvFile");
  return (
    <section aria-labelledby="orgs-heading" className="section">
      <h2 className="heading-m" id="orgs-heading">
        {t("orgs.heading")}
      </h2>
      <ErrorSummary problems={problems} fields={fields} />
      {done?.kind === "saved" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("orgs.saved", { Name: done.name })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "imported" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("orgs.csv.imported", { Added: done.added, Updated: done.updated })}</p>
        </SuccessBanner>
      )}
      {done?.kind === "exported" && (
        <SuccessBanner title={t("admin.done.title")}>
          <p className="body">{t("orgs.csv.exported", { File: done.file })}</p>
        </SuccessBanner>
      )}
      {list && (
        <table className="table">
          <caption className="visually-hidden">{t("orgs.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("orgs.field.id")}</th>
              <th scope="col">{orgName({ nameJa: t("orgs.field.nameJa"), nameEn: t("orgs.field.nameEn") }, lang)}</th>
              <th scope="col">{t("orgs.field.phone")}</th>
              <th scope="col">{t("orgs.field.hours")}</th>
              <th scope="col">{t("orgs.field.active")}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.id}>
                <td>{o.id}</td>
                <td>{orgName(o, lang)}</td>
                <td className="table__cell--whole">{o.phone}</td>
                <td>{o.hours}</td>
                <td>{o.active ? t("orgs.active.yes") : t("orgs.active.no")}</td>
                <td className="table__cell--whole">
                  <Button className="link-button" onPress={() => edit(o)}>
                    {t("orgs.edit")}
                    <span className="visually-hidden"> {orgName(o, lang)}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="heading-s" id="org-form-heading" tabIndex={-1}>
        {editing === null ? t("orgs.new.heading") : t("orgs.edit.heading", { Name: orgName(v, lang) })}
      </h3>
      <Form onSubmit={save} validationBehavior="aria" aria-labelledby="org-form-heading">
        {editing === null && (
          <TextInput name="id" label={t("orgs.field.id")} hint={t("orgs.field.id.hint")} value={v.id} onChange={set("id")} error={error("id")} width="20" />
        )}
        <TextInput name="nameJa" label={t("orgs.field.nameJa")} value={v.nameJa} onChange={set("nameJa")} error={error("nameJa")} width="full" />
        <TextInput name="nameEn" label={t("orgs.field.nameEn")} value={v.nameEn} onChange={set("nameEn")} error={error("nameEn")} width="full" />
        <TextAreaInput name="takesJa" label={t("orgs.field.takesJa")} value={v.takesJa} onChange={set("takesJa")} error={error("takesJa")} rows={3} />
        <TextAreaInput name="takesEn" label={t("orgs.field.takesEn")} value={v.takesEn} onChange={set("takesEn")} error={error("takesEn")} rows={3} />
        <TextInput name="languages" label={t("orgs.field.languages")} value={v.languages} onChange={set("languages")} error={error("languages")} width="full" />
        <TextInput name="phone" type="tel" label={t("orgs.field.phone")} value={v.phone} onChange={set("phone")} error={error("phone")} width="20" />
        <TextInput name="contact" label={t("orgs.field.contact")} value={v.contact} onChange={set("contact")} error={error("contact")} width="full" />
        <TextInput name="hours" label={t("orgs.field.hours")} value={v.hours} onChange={set("hours")} error={error("hours")} width="full" />
        <CheckboxInput name="active" label={t("orgs.field.active")} isSelected={v.active} onChange={set("active")} error={error("active")} />
        <div className="button-group">
          <Button type="submit" className="button">
            {editing === null ? t("orgs.new.submit") : t("orgs.save.submit")}
          </Button>
          {editing !== null && (
            <Button
              className="button button--secondary"
              onPress={() => {
                setEditing(null);
                setV(emptyOrg);
                clearProblems();
              }}
            >
              {t("orgs.cancel")}
            </Button>
          )}
        </div>
      </Form>

      <h3 className="heading-s" id="orgs-csv-heading">
        {t("orgs.csv.heading")}
      </h3>
      <p className="body hint">{t("orgs.csv.hint")}</p>
      <Button className="button button--secondary" onPress={() => void exportCSV()}>
        {t("orgs.csv.export")}
      </Button>
      <form onSubmit={(e) => void importCSV(e)} aria-labelledby="orgs-csv-heading" noValidate>
        <FileUpload name="csvFile" label={t("orgs.csv.file")} error={csvError} accept=".csv,text/csv" inputRef={fileRef} />
        <button type="submit" className="button">
          {t("orgs.csv.import")}
        </button>
      </form>
    </section>
  );
}
