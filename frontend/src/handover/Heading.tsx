import type { ReactNode } from "react";

export type HeadingLevel = 2 | 3;

// Heading is a section heading whose level depends on where the section sits: h2 on a page of its own,
// h3 inside another section. Without a className it takes the GOV.UK size that goes with its level.
export function Heading({ level, id, className, children }: { level: HeadingLevel; id?: string; className?: string; children: ReactNode }) {
  const H = level === 3 ? "h3" : "h2";
  return (
    <H className={className ?? (level === 3 ? "heading-s" : "heading-m")} id={id}>
      {children}
    </H>
  );
}
