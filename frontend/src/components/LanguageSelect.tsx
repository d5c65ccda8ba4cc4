import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from "react-aria-components";
import type { Language } from "../api";
import { useT } from "../language";

interface Props {
  languages: Language[];
  value: string;
  onChange: (tag: string) => void;
  isDisabled?: boolean;
}

// LanguageSelect chooses the staff language. Each language is named in itself (日本語, English), marked with its lang.
export function LanguageSelect({ languages, value, onChange, isDisabled }: Props) {
  const t = useT();
  return (
    <Select
      className="language-select"
      value={value}
      isDisabled={isDisabled}
      onChange={(key: Key | null) => {
        if (key != null && key !== value) onChange(String(key));
      }}
    >
      <Label className="language-select__label">{t("header.staffLanguage.label")}</Label>
      <Button className="select__button select__button--small">
        <SelectValue className="select__value">
          {({ selectedText }) => <span lang={value}>{selectedText}</span>}
        </SelectValue>
        <span className="select__arrow" aria-hidden="true">
          ▼
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {languages.map((l) => (
            <ListBoxItem key={l.tag} id={l.tag} textValue={l.name} lang={l.tag} className="listbox__item">
              {l.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
