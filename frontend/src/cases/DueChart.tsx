import { useId } from "react";
import type { Dashboard } from "../api";
import { useT } from "../language";

// DueChart is an SVG bar chart of the dashboard's buckets (overdue, within 7 days, in 8–14 days), with the same
// figures as a table for screen readers and for anyone who prefers numbers. The SVG is an image named by its
// heading; each bar carries its figure as text too, so colour is never the only cue.
export function DueChart({ buckets }: { buckets: Dashboard["buckets"] }) {
  const t = useT();
  const titleId = useId();
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const barW = 90;
  const gap = 40;
  const h = 160;
  const width = buckets.length * (barW + gap) + gap;
  const colour: Record<string, string> = { overdue: "#d4351c", week1: "#f47738", week2: "#1d70b8" };
  const summary = buckets.map((b) => `${t(`cases.due.bucket.${b.id}`)}: ${b.count}`).join(", ");
  return (
    <figure className="due-chart">
      <figcaption className="heading-s" id={titleId}>
        {t("cases.due.chart.title")}
      </figcaption>
      <svg role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} viewBox={`0 0 ${width} ${h + 50}`} width={width} height={h + 50}>
        <desc id={`${titleId}-desc`}>{summary}</desc>
        <line x1={gap / 2} x2={width - gap / 2} y1={h + 10} y2={h + 10} stroke="#0b0c0c" />
        {buckets.map((b, i) => {
          const bh = Math.round((b.count / max) * (h - 20));
          const x = gap + i * (barW + gap);
          return (
            <g key={b.id}>
              <rect x={x} y={h + 10 - bh} width={barW} height={bh} fill={colour[b.id] ?? "#505a5f"} />
              <text x={x + barW / 2} y={h + 5 - bh} textAnchor="middle" fontSize="16" fontWeight="700" fill="#0b0c0c">
                {b.count}
              </text>
              <text x={x + barW / 2} y={h + 32} textAnchor="middle" fontSize="14" fill="#0b0c0c">
                {t(`cases.due.bucket.${b.id}`)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="table">
        <caption className="caption-m">{t("cases.due.chart.table")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("cases.due.chart.when")}</th>
            <th scope="col">{t("cases.due.chart.count")}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.id}>
              <th scope="row">{t(`cases.due.bucket.${b.id}`)}</th>
              <td>{b.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
