import { Button } from "react-aria-components";
import type { Application, Language } from "../api";
import { BackLink } from "../components/BackLink";
import { PageHeading } from "../components/PageHeading";
import { HandedOverPanel } from "../handover/HandedOverPanel";
import { useT } from "../language";
import { SummaryList, useRows } from "./SummaryList";

interface Props {
  app: Application;
  languages: Language[];
  onHome: () => void;
  onHandOver?: () => void; // given to the roles that hand over cards (counter, supervisor)
}

// ReadyApplication shows an application already marked ready for application: read only, no Change links.
// Once the card has come, it leads to the handover; once handed over, it says so.
export function ReadyApplication({ app, languages, onHome, onHandOver }: Props) {
  const t = useT();
  const rows = useRows(app, languages);
  return (
    <div className="page page--ready">
      <BackLink onBack={onHome} label={t("common.backToApplications")} />
      <PageHeading caption={t("intake.caption.case", { Number: app.id })}>{t("readyApplication.title")}</PageHeading>
      <p className="tag tag--ready">{t("application.status.ready")}</p>
      <p className="body">{t("readyApplication.text")}</p>
      {app.handedOver ? (
        <HandedOverPanel handover={app.handedOver} />
      ) : (
        onHandOver && (
          <Button className="button" onPress={onHandOver}>
            {t("readyApplication.handOver")}
          </Button>
        )
      )}
      <SummaryList rows={rows} />
    </div>
  );
}
