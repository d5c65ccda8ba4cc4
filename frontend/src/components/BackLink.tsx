import { useT } from "../language";

// BackLink is the GOV.UK back link at the top of a question page.
export function BackLink({ onBack, label }: { onBack: () => void; label?: string }) {
  const t = useT();
  return (
    <a
      href="#back"
      className="back-link"
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      {label ?? t("common.back")}
    </a>
  );
}
