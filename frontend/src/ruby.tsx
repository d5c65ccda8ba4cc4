// Furigana. Easy Japanese messages (locales/ja-x-easy.json) mark the reading of each kanji word as
// {漢字|かんじ}: the base text, a bar, the reading (docs/translating.md). translate() drops the readings, so
// attributes and plain text stay clean; RubyText draws them as <ruby> where an applicant reads the text.
import { Fragment, type ReactNode } from "react";

const marked = /\{([^{}|]+)\|([^{}|]+)\}/g;

// plainText drops the readings: "{市役所|しやくしょ}" → "市役所".
export function plainText(text: string): string {
  return text.replace(marked, "$1");
}

// RubyText renders text, its marked words as <ruby>base<rt>reading</rt></ruby>.
export function RubyText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(marked)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <ruby key={m.index}>
        {m[1]}
        <rp>(</rp>
        <rt>{m[2]}</rt>
        <rp>)</rp>
      </ruby>,
    );
    last = m.index + m[0].length;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return <Fragment>{parts}</Fragment>;
}
