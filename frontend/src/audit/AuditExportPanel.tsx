import { useState } from "react";
import { Button } from "react-aria-components";
import { asFailure, type AuditExport, type AuditSearch, type Problem } from "../api";
import { SuccessBanner } from "../components/Notice";
import { desk, endsSession } from "../desk";
import { useT } from "../language";

interface Props {
  search: AuditSearch; // the filters of the entries on screen
  canSaveCopy: boolean;
  onProblems: (problems: Problem[]) => void;
}

// AuditExportPanel writes the filtered entries to a CSV file in the data folder (Go records the export) and shows
// where; in the window, it also offers to save a copy where the supervisor chooses.
export function AuditExportPanel({ search, canSaveCopy, onProblems }: Props) {
  const t = useT();
  const [done, setDone] = useState<AuditExport | null>(null);
  const [copy, setCopy] = useState("");
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    try {
      await action();
      onProblems([]);
    } catch (err) {
      const failure = asFailure(err);
      if (!endsSession(failure)) onProblems(failure.problems);
    } finally {
      setBusy(false);
    }
  }

  const exportNow = () =>
    run(async () => {
      setCopy("");
      setDone(await desk.ExportAudit(search));
    });
  const saveCopy = (name: string) =>
    run(async () => {
      setCopy(await desk.SaveAuditCopy(name));
    });

  return (
    <section className="audit-export" aria-labelledby="audit-export-heading">
      <h2 className="heading-m" id="audit-export-heading">
        {t("audit.export.heading")}
      </h2>
      {done && (
        <SuccessBanner key={done.name} title={t("audit.export.done.title")}>
          <p className="body">{t("audit.export.done", { Count: done.rows })}</p>
          <p className="audit-export__path">
            <code>{done.path}</code>
          </p>
          {copy && <p className="body">{t("audit.export.saveCopy.done", { Path: copy })}</p>}
        </SuccessBanner>
      )}
      <p className="body">{t("audit.export.hint")}</p>
      <div className="button-group">
        <Button className="button" onPress={() => void exportNow()} isPending={busy}>
          {t("audit.export.submit")}
        </Button>
        {done && canSaveCopy && (
          <Button className="button button--secondary" onPress={() => void saveCopy(done.name)} isPending={busy}>
            {t("audit.export.saveCopy.button")}
          </Button>
        )}
      </div>
    </section>
  );
}
