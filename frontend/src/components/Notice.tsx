import { useEffect, useRef, type ReactNode } from "react";
import { useT } from "../language";

// SuccessBanner is the GOV.UK success notification banner; it takes focus so the result is announced.
export function SuccessBanner({ title, children }: { title: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="notification notification--success" role="status" tabIndex={-1} ref={ref}>
      <h2 className="notification__title">{title}</h2>
      <div className="notification__body">{children}</div>
    </div>
  );
}

// WarningText is the GOV.UK warning text: an icon, and "Warning" read out before the text but not shown.
export function WarningText({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="warning-text">
      <span className="warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="warning-text__text">
        <span className="visually-hidden">{t("warning.prefix")} </span>
        {children}
      </strong>
    </div>
  );
}
