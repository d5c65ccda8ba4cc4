import type { FormEvent } from "react";
import { Button, Form } from "react-aria-components";
import type { AuditChoices, AuditSearch } from "../api";
import { SelectChoice, TextInput } from "../components/fields";
import { useT } from "../language";

export const noFilter: AuditSearch = { from: "", to: "", userId: 0, action: "", recordType: "", recordId: "", reason: "" };

export const filterFields = ["from", "to", "userId", "action", "recordType", "recordId", "reason"];

// all is the list value meaning "no filter" (a list item cannot have the empty key).
const all = "*";

interface Props {
  choices: AuditChoices;
  value: AuditSearch;
  onChange: (value: AuditSearch) => void;
  onApply: () => void;
  onClear: () => void;
  error: (field: string) => string | undefined;
}

// AuditFilters is the filter form over the trail: dates, staff member, action, record, reason text. Go checks it.
export function AuditFilters({ choices, value, onChange, onApply, onClear, error }: Props) {
  const t = useT();
  const set = (k: keyof AuditSearch) => (v: string) =>
    onChange({ ...value, [k]: k === "userId" ? (v === all ? 0 : Number(v)) : v === all ? "" : v });
  const anyOption = { value: all, label: t("audit.filter.any") };

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onApply();
  }

  return (
    <Form className="audit-filters" onSubmit={submit} validationBehavior="aria" aria-labelledby="audit-filter-heading">
      <h2 className="heading-m" id="audit-filter-heading">
        {t("audit.filter.heading")}
      </h2>
      <div className="audit-filters__row">
        <TextInput name="from" label={t("audit.filter.from.label")} hint={t("audit.filter.date.hint")} value={value.from} onChange={set("from")} error={error("from")} width="10" />
        <TextInput name="to" label={t("audit.filter.to.label")} hint={t("audit.filter.date.hint")} value={value.to} onChange={set("to")} error={error("to")} width="10" />
      </div>
      <div className="audit-filters__row">
        <SelectChoice
          name="userId"
          label={t("audit.filter.staff.label")}
          options={[
            anyOption,
            ...choices.staff.map((u) => ({ value: String(u.id), label: t("audit.filter.staff.option", { Name: u.displayName, Username: u.username }) })),
          ]}
          value={value.userId ? String(value.userId) : all}
          onChange={set("userId")}
          error={error("userId")}
        />
        <SelectChoice
          name="action"
          label={t("audit.filter.action.label")}
          options={[anyOption, ...choices.actions.map((a) => ({ value: a, label: t(`audit.action.${a}`) }))]}
          value={value.action || all}
          onChange={set("action")}
          error={error("action")}
        />
      </div>
      <div className="audit-filters__row">
        <SelectChoice
          name="recordType"
          label={t("audit.filter.recordType.label")}
          options={[anyOption, ...choices.recordTypes.map((r) => ({ value: r, label: recordTypeLabel(t, r) }))]}
          value={value.recordType || all}
          onChange={set("recordType")}
          error={error("recordType")}
        />
        <TextInput name="recordId" label={t("audit.filter.recordId.label")} hint={t("audit.filter.recordId.hint")} value={value.recordId} onChange={set("recordId")} error={error("recordId")} inputMode="numeric" width="10" />
      </div>
      <TextInput name="reason" type="search" label={t("audit.filter.reason.label")} value={value.reason} onChange={set("reason")} error={error("reason")} width="20" />
      <div className="button-group">
        <Button type="submit" className="button">
          {t("audit.filter.apply")}
        </Button>
        <Button className="button button--secondary" onPress={onClear}>
          {t("audit.filter.clear")}
        </Button>
      </div>
    </Form>
  );
}

// recordTypeLabel names a kind of record; one this version has no message for is shown as recorded.
export function recordTypeLabel(t: (id: string) => string, type: string): string {
  const id = `audit.recordType.${type}`;
  const label = t(id);
  return label === id ? type : label;
}
