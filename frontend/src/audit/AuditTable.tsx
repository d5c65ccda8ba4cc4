import { Button } from "react-aria-components";
import type { AuditEntry, User } from "../api";
import { auditTime } from "../format";
import { useStaffLanguage, useT } from "../language";
import { recordTypeLabel } from "./AuditFilters";

// AuditTable lists one page of entries, newest first: when, who (as what role), what, on which record, why.
export function AuditTable({ entries, staff }: { entries: AuditEntry[]; staff: User[] }) {
  const t = useT();
  const lang = useStaffLanguage();
  const names = new Map(staff.map((u) => [u.id, u.displayName]));

  function who(e: AuditEntry) {
    if (!e.userId) return t("audit.staff.none");
    const name = names.get(e.userId) ?? t("audit.staff.unknown", { ID: e.userId });
    return e.role ? t("audit.staff.withRole", { Name: name, Role: t(`auth.role.${e.role}`) }) : name;
  }

  return (
    <table className="table audit-table">
      <caption className="visually-hidden">{t("audit.results.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("audit.column.seq")}</th>
          <th scope="col">{t("audit.column.at")}</th>
          <th scope="col">{t("audit.column.staff")}</th>
          <th scope="col">{t("audit.column.action")}</th>
          <th scope="col">{t("audit.column.record")}</th>
          <th scope="col">{t("audit.column.reason")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>
              <time dateTime={e.at}>{auditTime(lang, e.at)}</time>
            </td>
            <td>{who(e)}</td>
            <td>{t(`audit.action.${e.action}`)}</td>
            <td>
              {e.recordType &&
                (e.recordId ? t("audit.record", { Type: recordTypeLabel(t, e.recordType), ID: e.recordId }) : recordTypeLabel(t, e.recordType))}
            </td>
            <td className="audit-table__reason">{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface PagerProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}

// Pager moves between pages of results: previous, where we are, next.
export function Pager({ page, pages, onPage }: PagerProps) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("audit.page.label")}>
      {page > 1 && (
        <Button className="button button--secondary" onPress={() => onPage(page - 1)}>
          {t("audit.page.previous")}
        </Button>
      )}
      <p className="pager__status">{t("audit.page.status", { Page: page, Pages: pages })}</p>
      {page < pages && (
        <Button className="button button--secondary" onPress={() => onPage(page + 1)}>
          {t("audit.page.next")}
        </Button>
      )}
    </nav>
  );
}
