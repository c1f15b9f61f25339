import { useEffect, useRef, useState } from "preact/hooks";
import type { DashboardSummary, GranularityName } from "../../../schema/api/dashboard";
import { lang, t } from "../../i18n";
import styles from "./Dashboard.module.css";
import { bucketLabel, interval, pct } from "./format";

const PRIMARY = "#0a4a85";
const BAND = "rgba(10, 74, 133, 0.16)";
const TARGET = "#a4161a";

/**
 * Satisfaction per bucket with the target line and the 95% confidence band. chart.js is
 * imported here, lazily, so it loads only when a dashboard shows a chart (never on citizen
 * pages). The canvas is an image with a summary; the table under it carries the numbers.
 */
export function TrendChart({
  trend,
  target,
  granularity,
  from,
  to,
}: {
  trend: DashboardSummary["trend"];
  target: number;
  granularity: GranularityName;
  from: string;
  to: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  const language = lang.value;

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import("chart.js").then(
      ({ Chart, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip }) => {
        if (cancelled || !canvas.current) return;
        Chart.register(CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
        const labels = trend.map((b) => bucketLabel(b.bucket, granularity));
        const lows = trend.map((b) => b.low);
        const values = trend.map((b) => b.value);
        const lowest = Math.min(target, ...lows.filter((x): x is number => x !== null));
        chart = new Chart(canvas.current, {
          type: "line",
          data: {
            labels,
            datasets: [
              {
                label: t("dashboard.trend.band"),
                data: trend.map((b) => b.high),
                borderWidth: 0,
                pointRadius: 0,
                backgroundColor: BAND,
                fill: "+1",
              },
              { label: "", data: lows, borderWidth: 0, pointRadius: 0, fill: false },
              {
                label: t("dashboard.trend.series"),
                data: values,
                borderColor: PRIMARY,
                backgroundColor: PRIMARY,
                borderWidth: 2,
                pointRadius: 3,
                fill: false,
              },
              {
                label: t("dashboard.trend.target", { target: pct(target, 0) }),
                data: trend.map(() => target),
                borderColor: TARGET,
                backgroundColor: TARGET,
                borderDash: [6, 4],
                borderWidth: 2,
                pointRadius: 0,
                fill: false,
              },
            ],
          },
          options: {
            animation: false,
            maintainAspectRatio: false,
            spanGaps: false,
            scales: {
              y: {
                min: Math.max(0, Math.floor((lowest - 5) / 10) * 10),
                max: 100,
                ticks: { callback: (v) => pct(Number(v), 0) },
              },
            },
            plugins: {
              legend: { labels: { filter: (item) => item.text !== "" } },
              tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${pct(c.parsed.y)}` } },
            },
          },
        });
        setReady(true);
      },
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [trend, target, granularity, language]);

  const summary = t("dashboard.trend.summary", {
    granularity: t(`dashboard.granularity.${granularity}`).toLowerCase(),
    from,
    to,
    target: pct(target, 0),
  });
  return (
    <figure class={styles.chartFigure} data-trend-chart>
      <div class={styles.chartBox}>
        <canvas ref={canvas} role="img" aria-label={summary} data-ready={ready ? "true" : "false"} />
        {!ready && <p class="muted">{t("dashboard.trend.loadingChart")}</p>}
      </div>
      <figcaption class="muted">{summary}</figcaption>
      <details class={styles.dataTable}>
        <summary>{t("dashboard.trend.tableCaption")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.period")}</th>
              <th scope="col">{t("dashboard.col.n")}</th>
              <th scope="col">{t("dashboard.col.value")}</th>
              <th scope="col">{t("dashboard.col.ci")}</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((b) => (
              <tr key={b.bucket}>
                <th scope="row">{bucketLabel(b.bucket, granularity)}</th>
                <td>{b.n}</td>
                <td>{pct(b.value)}</td>
                <td>{interval(b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
