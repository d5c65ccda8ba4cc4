import type { AuditReport } from "../api";
import { WarningText } from "../components/Notice";
import { useT } from "../language";

// ChainStatus says whether the audit trail's hash chain is whole (Go walks it: VerifyAudit), or where it first breaks.
export function ChainStatus({ report }: { report: AuditReport | null }) {
  const t = useT();
  return (
    <section className="audit-chain" aria-labelledby="audit-chain-heading">
      <h2 className="heading-m" id="audit-chain-heading">
        {t("audit.chain.heading")}
      </h2>
      <div role="status">
        {!report && <p className="body">{t("audit.chain.checking")}</p>}
        {report && !report.broken && <p className="inset audit-chain__ok">{t("audit.chain.ok", { Count: report.entries })}</p>}
        {report?.broken && (
          <>
            <WarningText>{t("audit.chain.broken")}</WarningText>
            <p className="body">{t(`audit.error.chain.${report.broken.kind}`, { Seq: report.broken.seq })}</p>
            <p className="body">{t("audit.chain.intactUpTo", { Intact: report.intact, Entries: report.entries })}</p>
          </>
        )}
      </div>
    </section>
  );
}
