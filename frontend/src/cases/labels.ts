import type { Org } from "../api";
import { orgName } from "../format";
import type { Translate } from "../i18n";

// daysText says how far a day is from today, in words ("6 days overdue", "due in 10 days", "due today").
export function daysText(t: Translate, daysLeft: number): string {
  if (daysLeft < 0) return t("cases.days.overdue", { Count: -daysLeft });
  if (daysLeft === 0) return t("cases.days.today");
  return t("cases.days.left", { Count: daysLeft });
}

// orgLabel is the name of the directory's organisation id as a reader of lang reads it (format.orgName).
export function orgLabel(orgs: Org[], id: string, lang: string): string {
  const o = orgs.find((x) => x.id === id);
  return o ? orgName(o, lang) : id;
}
