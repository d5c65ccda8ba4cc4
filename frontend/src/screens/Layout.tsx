import type { ReactNode } from "react";
import { useT } from "../language";

// Layout: skip link, header, the one <main>, footer. busy marks <main> as still being drawn (aria-busy).
export function Layout({ header, children, version, busy }: { header: ReactNode; children: ReactNode; version?: string; busy?: boolean }) {
  const t = useT();
  return (
    <div className="layout">
      <a
        href="#main"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        {t("common.skipToMain")}
      </a>
      {header}
      <main className="main" id="main" tabIndex={-1} aria-busy={busy || undefined}>
        {children}
      </main>
      <footer className="app-footer">
        <p>{version ? t("footer.version", { Version: version }) : t("app.name")}</p>
      </footer>
    </div>
  );
}
