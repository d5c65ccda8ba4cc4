import { useEffect, useRef } from "react";
import { useT } from "../language";

// PageHeading is the page's one h1. It takes focus when the page appears, so that a screen reader
// announces the new page and the next Tab starts from the top of its content.
export function PageHeading({ children, id, caption }: { children: string; id?: string; caption?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  useEffect(() => {
    document.title = `${children} – ${t("app.name")}`;
  }, [children, t]);
  return (
    <>
      {caption && <span className="caption">{caption}</span>}
      <h1 className="heading-l" id={id} tabIndex={-1} ref={ref}>
        {children}
      </h1>
    </>
  );
}
