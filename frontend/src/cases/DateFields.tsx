import { useId } from "react";
import { Input, Label, TextField } from "react-aria-components";
import { ErrorText } from "../components/fields";
import { fieldId } from "../components/focusField";
import { useStaffLanguage, useT } from "../language";

interface Props {
  name: string; // the group's field name (problems arrive on it)
  legend: string;
  hint?: string;
  day: string;
  month: string;
  year: string;
  onChange: (part: "day" | "month" | "year", value: string) => void;
  error?: string;
}

// DateFields is the GOV.UK date input: day, month and year boxes in one fieldset (year first in Japanese,
// as dates are written there). Go checks the date; this only collects the three numbers.
export function DateFields(p: Props) {
  const t = useT();
  const lang = useStaffLanguage();
  const hintId = useId();
  const errorId = useId();
  const parts = (lang === "ja" ? ["year", "month", "day"] : ["day", "month", "year"]) as ("day" | "month" | "year")[];
  const describedBy = [p.hint ? hintId : "", p.error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={p.error ? "form-group form-group--error" : "form-group"} id={fieldId(p.name)}>
      <fieldset className="fieldset" role="group" aria-describedby={describedBy}>
        <legend className="fieldset__legend">{p.legend}</legend>
        {p.hint && (
          <p className="hint" id={hintId}>
            {p.hint}
          </p>
        )}
        {p.error && (
          <p className="error-message" id={errorId}>
            <ErrorText>{p.error}</ErrorText>
          </p>
        )}
        <div className="date-input">
          {parts.map((part) => (
            <div className="date-input__item" key={part}>
              <TextField name={`${p.name}-${part}`} value={p[part]} onChange={(v) => p.onChange(part, v)} isInvalid={!!p.error} validationBehavior="aria" autoComplete="off">
                <Label className="label date-input__label">{t(`cases.date.${part}`)}</Label>
                <Input className={`input input--width-${part === "year" ? "4" : "2"}`} inputMode="numeric" spellCheck={false} />
              </TextField>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
