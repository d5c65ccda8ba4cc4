import { Button } from "react-aria-components";
import type { Problem } from "../api";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../language";

// BootScreen shows while the app asks the desk what to draw first.
export function BootScreen() {
  const t = useT();
  return (
    <div className="page page--boot">
      <PageHeading>{t("boot.title")}</PageHeading>
      <p className="body" role="status">
        {t("common.loading")}
      </p>
    </div>
  );
}

// StartupProblemScreen shows why the app cannot start (a damaged database, a lost bridge) and offers a retry.
export function StartupProblemScreen({ problems, onRetry }: { problems: Problem[]; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="page page--fatal">
      <PageHeading>{t("startupProblem.title")}</PageHeading>
      <div className="warning" role="alert">
        {problems.map((p, i) => (
          <p className="body" key={`${p.id}:${i}`}>
            {t(p.id, p.args)}
          </p>
        ))}
      </div>
      <Button className="button button--secondary" onPress={onRetry}>
        {t("startupProblem.retry")}
      </Button>
    </div>
  );
}
