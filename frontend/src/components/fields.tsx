// Form fields in the GOV.UK pattern: visible label, hint, the error message ABOVE the input, red bar on the left.
// Built on react-aria-components, which ties label, hint and error to the input (aria-labelledby, aria-describedby,
// aria-invalid). Every applicant field has autocomplete off, so the web view never offers one applicant's answers
// to the next.
import type { ReactNode } from "react";
import {
  Button, CheckboxButton, CheckboxField, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Radio, RadioGroup,
  Select, SelectValue, Text, TextArea, TextField, type Key,
} from "react-aria-components";
import { useT } from "../language";
import { fieldId } from "./focusField";

// groupClass is the class of a field's form group: the red bar when it has an error.
export function groupClass(error: string | undefined, extra?: string) {
  return ["form-group", error ? "form-group--error" : "", extra ?? ""].filter(Boolean).join(" ");
}

// ErrorText is the inline message: "Error:" is read out but not shown, as in GOV.UK.
export function ErrorText({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <>
      <span className="visually-hidden">{t("errorMessage.prefix")}</span> {children}
    </>
  );
}

// FieldFrame holds what every single-control field repeats: the form group (red bar on error; what an error-summary
// link lands on), the visible label, the hint and the inline error above the control. field wraps all of it in the
// react-aria field that ties label, hint and error to the control. label is left out by the checkbox, whose label
// is the text beside its box.
function FieldFrame(p: {
  name: string;
  label?: string;
  hint?: string;
  error?: string;
  field: (content: ReactNode) => ReactNode;
  children: ReactNode; // the control
}) {
  return (
    <div className={groupClass(p.error)} id={fieldId(p.name)}>
      {p.field(
        <>
          {p.label && <Label className="label">{p.label}</Label>}
          {p.hint && (
            <Text slot="description" className="hint">
              {p.hint}
            </Text>
          )}
          <FieldError className="error-message">
            <ErrorText>{p.error}</ErrorText>
          </FieldError>
          {p.children}
        </>,
      )}
    </div>
  );
}

interface TextInputProps {
  name: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  type?: "text" | "password" | "tel" | "search";
  inputMode?: "text" | "numeric" | "tel" | "email";
  autoComplete?: string;
  width?: "2" | "4" | "10" | "20" | "full";
  lang?: string;
  maxLength?: number;
  pattern?: string;
}

export function TextInput(p: TextInputProps) {
  return (
    <FieldFrame
      name={p.name}
      label={p.label}
      hint={p.hint}
      error={p.error}
      field={(content) => (
        <TextField
          name={p.name}
          value={p.value}
          onChange={p.onChange}
          isInvalid={!!p.error}
          type={p.type ?? "text"}
          autoComplete={p.autoComplete ?? "off"}
          maxLength={p.maxLength}
          pattern={p.pattern}
          validationBehavior="aria"
        >
          {content}
        </TextField>
      )}
    >
      <Input className={`input input--width-${p.width ?? "full"}`} inputMode={p.inputMode} spellCheck={false} lang={p.lang} />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
  lang?: string; // when the label is in another language than the page (a language's own name)
  hint?: string;
}

interface RadioChoiceProps {
  name: string;
  label?: string; // visible label; leave out when the page's h1 is the question (give labelledBy)
  labelledBy?: string;
  hint?: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  inline?: boolean;
  children?: ReactNode; // shown under the radios (e.g. a revealed follow-up field)
}

export function RadioChoice(p: RadioChoiceProps) {
  return (
    <div className={groupClass(p.error)} id={fieldId(p.name)}>
      <RadioGroup
        name={p.name}
        value={p.value || null}
        onChange={p.onChange}
        isInvalid={!!p.error}
        aria-labelledby={p.label ? undefined : p.labelledBy}
        validationBehavior="aria"
        className="radio-group"
      >
        {p.label && <Label className="label label--group">{p.label}</Label>}
        {p.hint && (
          <Text slot="description" className="hint">
            {p.hint}
          </Text>
        )}
        <FieldError className="error-message">
          <ErrorText>{p.error}</ErrorText>
        </FieldError>
        <div className={p.inline ? "radios radios--inline" : "radios"}>
          {p.options.map((o) => (
            <Radio key={o.value} value={o.value} className="radio" lang={o.lang}>
              <span className="radio__mark" aria-hidden="true" />
              <span className="radio__label">{o.label}</span>
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {p.children}
    </div>
  );
}

interface SelectChoiceProps {
  name: string;
  label: string;
  hint?: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  placeholder?: string;
  className?: string;
  // inGroup: one part of a group whose errors are shown once above all parts (the date input): no own message or bar
  inGroup?: boolean;
}

// SelectChoice is a drop-down list (react-aria Select: a button that opens a list box).
export function SelectChoice(p: SelectChoiceProps) {
  const t = useT();
  return (
    <div className={p.inGroup ? p.className : groupClass(p.error, p.className)} id={fieldId(p.name)}>
      <Select
        name={p.name}
        value={p.value || null}
        onChange={(key: Key | null) => p.onChange(key == null ? "" : String(key))}
        isInvalid={!!p.error}
        placeholder={p.placeholder ?? t("common.select.placeholder")}
        validationBehavior="aria"
        className="select"
      >
        <Label className="label">{p.label}</Label>
        {p.hint && (
          <Text slot="description" className="hint">
            {p.hint}
          </Text>
        )}
        {!p.inGroup && (
          <FieldError className="error-message">
            <ErrorText>{p.error}</ErrorText>
          </FieldError>
        )}
        <Button className="select__button">
          <SelectValue className="select__value" />
          <span className="select__arrow" aria-hidden="true">
            ▼
          </span>
        </Button>
        <Popover className="popover">
          <ListBox className="listbox">
            {p.options.map((o) => (
              <ListBoxItem key={o.value} id={o.value} textValue={o.label} lang={o.lang} className="listbox__item">
                {o.label}
              </ListBoxItem>
            ))}
          </ListBox>
        </Popover>
      </Select>
    </div>
  );
}

interface TextAreaInputProps {
  name: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  rows?: number;
}

// TextAreaInput is the GOV.UK textarea: several lines of free text.
export function TextAreaInput(p: TextAreaInputProps) {
  return (
    <FieldFrame
      name={p.name}
      label={p.label}
      hint={p.hint}
      error={p.error}
      field={(content) => (
        <TextField name={p.name} value={p.value} onChange={p.onChange} isInvalid={!!p.error} validationBehavior="aria">
          {content}
        </TextField>
      )}
    >
      <TextArea className="input textarea" rows={p.rows ?? 5} spellCheck={false} autoComplete="off" />
    </FieldFrame>
  );
}

interface CheckboxInputProps {
  name: string;
  label: string;
  hint?: string;
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  error?: string;
}

// CheckboxInput is one GOV.UK checkbox, for a single explicit confirmation.
export function CheckboxInput(p: CheckboxInputProps) {
  return (
    <FieldFrame
      name={p.name}
      hint={p.hint}
      error={p.error}
      field={(content) => (
        <CheckboxField
          name={p.name}
          isSelected={p.isSelected}
          onChange={p.onChange}
          isInvalid={!!p.error}
          validationBehavior="aria"
          className="checkbox-field"
        >
          {content}
        </CheckboxField>
      )}
    >
      <CheckboxButton className="checkbox">
        <span className="checkbox__mark" aria-hidden="true" />
        <span className="checkbox__label">{p.label}</span>
      </CheckboxButton>
    </FieldFrame>
  );
}
