import { useId, useState, type Ref } from "react";
import { useT } from "../language";
import { ErrorText, groupClass } from "./fields";
import { fieldId } from "./focusField";

interface Props {
  name: string;
  label: string;
  error?: string;
  accept: string;
  inputRef: Ref<HTMLInputElement>;
}

// FileUpload is a file box that speaks the staff language. A browser's own file box says "Choose File" and "No file
// chosen" in the operating system's language and font, whatever the screen language. The native input stays,
// transparent over our button, so its label, the keyboard, the system's file dialog and the tests reach it as any
// file box; the words drawn are ours, and the chosen file's name is read out with it.
export function FileUpload({ name, label, error, accept, inputRef }: Props) {
  const t = useT();
  const [chosen, setChosen] = useState("");
  const errorId = useId();
  const chosenId = useId();
  return (
    <div className={groupClass(error)} id={fieldId(name)}>
      <label className="label" htmlFor={name}>
        {label}
      </label>
      {error && (
        <p className="error-message" id={errorId}>
          <ErrorText>{error}</ErrorText>
        </p>
      )}
      <div className="file-upload">
        <span className="file-upload__trigger">
          <input
            id={name}
            name={name}
            type="file"
            accept={accept}
            ref={inputRef}
            className="file-upload__input"
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? errorId : "", chosenId].filter(Boolean).join(" ")}
            onChange={(e) => setChosen(e.currentTarget.files?.[0]?.name ?? "")}
          />
          <span className="button button--secondary file-upload__button" aria-hidden="true">
            {t("fileUpload.choose")}
          </span>
        </span>
        <span className="file-upload__chosen" id={chosenId}>
          {chosen || t("fileUpload.noFile")}
        </span>
      </div>
    </div>
  );
}
