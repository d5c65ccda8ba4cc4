import type { Application, Language } from "../api";
import { BackLink } from "../components/BackLink";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../language";
import { SummaryList, useRows } from "./SummaryList";

// ReadyApplication shows an application already marked ready for application: read only, no Change links.
export function ReadyApplication({ app, languages, onHome }: { app: Application; languages: Language[]; onHome: () => void }) {
  const t = useT();
  const rows = useRows(app, languages);
  return (
    <div className="page page--ready">
      <BackLink onBack={onHome} label={t("common.backToApplications")} />
      <PageHeading caption={t("intake.caption.case", { Number: app.id })}>{t("readyApplication.title")}</PageHeading>
      <p className="tag tag--ready">{t("application.status.ready")}</p>
      <p className="body">{t("readyApplication.text")}</p>
      <SummaryList rows={rows} />
    </div>
  );
}
