import { useEffect, useRef, type ReactNode } from "react";

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
