import { useEffect, useId, useRef, useState } from "react";
import { useT } from "../language";

export interface Bar {
  label: string; // drawn under the bar and in the table
  value: number;
}

interface Props {
  title: string;
  keyHeader: string; // the table's first column heading
  bars: Bar[];
}

const gap = 12;
const plotHeight = 140;
const labelHeight = 40;

// BarChart draws counts as an SVG bar chart that is one image to assistive technology (its name says what it
// shows and the highest value), with every value written on its bar, and the same figures as a table under a
// disclosure for anyone who reads them better as text. No chart library: a few rectangles are enough.
export function BarChart({ title, keyHeader, bars }: Props) {
  const t = useT();
  const titleId = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  // Each bar is as wide as its longest label, so labels never overlap (CJK glyphs are about twice as wide).
  const labelWidth = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 13 : 7.5), 0);
  const barWidth = Math.min(160, Math.max(36, ...bars.map((b) => labelWidth(b.label))));
  const width = Math.max(1, bars.length) * (barWidth + gap) + gap;
  const height = plotHeight + labelHeight + 20;
  const { ref: scroll, overflows } = useOverflow<HTMLDivElement>();
  const name = t("lostcard.figures.chart", { Title: title, Bars: bars.length, Max: Math.max(0, ...bars.map((b) => b.value)) });
  return (
    <figure className="chart">
      <figcaption className="heading-s" id={titleId}>
        {title}
      </figcaption>
      <div className="chart__scroll" ref={scroll} {...(overflows ? { tabIndex: 0, role: "region", "aria-labelledby": titleId } : {})}>
        <svg role="img" aria-label={name} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="chart__svg">
          <line x1={gap / 2} x2={width - gap / 2} y1={plotHeight + 20} y2={plotHeight + 20} className="chart__axis" />
          {bars.map((b, i) => {
            const h = Math.round((b.value / max) * plotHeight);
            const x = gap + i * (barWidth + gap);
            const y = plotHeight + 20 - h;
            return (
              <g key={`${b.label}:${i}`}>
                <rect x={x} y={y} width={barWidth} height={h} className="chart__bar" />
                <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="chart__value">
                  {b.value}
                </text>
                <text x={x + barWidth / 2} y={plotHeight + 36} textAnchor="middle" className="chart__label">
                  {b.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details className="chart__details">
        <summary>{t("lostcard.figures.table")}</summary>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{keyHeader}</th>
              <th scope="col">{t("lostcard.figures.column.count")}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={`${b.label}:${i}`}>
                <th scope="row">{b.label}</th>
                <td>{b.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

// useOverflow tells whether the element is narrower than its content. A chart wider than the window (long labels,
// large text) scrolls sideways, and a keyboard user can only scroll what can take focus (WCAG 2.1.1): it becomes
// a focusable, named region then, and only then, so a chart that fits costs no extra Tab.
function useOverflow<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    measure();
    return () => observer.disconnect();
  }, []);
  return { ref, overflows };
}
