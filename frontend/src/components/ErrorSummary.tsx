import { useEffect, useId, useRef, useState } from "react";
import { asFailure, type Problem } from "../api";
import { endsSession } from "../desk";
import { useT } from "../language";
import { fieldId, focusField } from "./focusField";

interface Props {
  problems: Problem[];
  // fields on this page that a problem can link to; a problem about another field links to the first of them
  fields?: string[];
  // onFieldLink replaces the default "focus the field" (e.g. check answers: open the step holding it)
  onFieldLink?: (field: string) => void;
}

// ErrorSummary is the GOV.UK error summary: at the top of the page, announced, focused, with one link per problem
// that moves focus to the field concerned. Problems not about a field are listed without a link.
export function ErrorSummary({ problems, fields = [], onFieldLink }: Props) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (problems.length) ref.current?.focus();
  }, [problems]);
  if (!problems.length) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <h2 className="error-summary__title" id={titleId}>
        {t("errorSummary.title")}
      </h2>
      <ul className="error-summary__list">
        {problems.map((p, i) => {
          const text = t(p.id, p.args);
          const target = p.field ? (onFieldLink || fields.includes(p.field) ? p.field : fields[0]) : undefined;
          return (
            <li key={`${p.field ?? ""}:${p.id}:${i}`}>
              {target ? (
                <a
                  href={`#${fieldId(target)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    if (onFieldLink) onFieldLink(target);
                    else focusField(target);
                  }}
                >
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

// errorFor returns the message for field from problems (the first problem about it), or undefined.
export function useFieldErrors(problems: Problem[]): (field: string) => string | undefined {
  const t = useT();
  return (field) => {
    const p = problems.find((x) => x.field === field);
    return p ? t(p.id, p.args) : undefined;
  };
}

// useFormProblems holds the problems of a page with several forms: which form failed (its fields, for the summary's
// links), the messages by field, and fail(), which shows a rejection's problems unless the shell takes over (a lock,
// a sign-out). onFail runs first, for the page to clear its success banner.
export function useFormProblems(onFail?: () => void) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const error = useFieldErrors(problems);
  function fail(err: unknown, formFields: string[]) {
    const failure = asFailure(err);
    if (endsSession(failure)) return;
    onFail?.();
    setFields(formFields);
    setProblems(failure.problems);
  }
  return { problems, fields, error, fail, clear: () => setProblems([]) };
}
