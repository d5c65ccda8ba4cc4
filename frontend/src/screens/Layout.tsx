import type { ReactNode } from "react";
import { useT } from "../language";

// Layout: skip link, header, the one <main>, footer.
export function Layout({ header, children, version }: { header: ReactNode; children: ReactNode; version?: string }) {
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
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        <p>{version ? t("footer.version", { Version: version }) : t("app.name")}</p>
      </footer>
    </div>
  );
}
