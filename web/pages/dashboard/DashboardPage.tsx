import "../../i18n/dashboard";
import { useState } from "preact/hooks";
import type { DashboardQuery, DashboardSummary, GranularityName } from "../../../schema/api/dashboard";
import { getActions, getDashboardSummary } from "../../api/dashboard";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatNumber } from "../../lib/format";
import { useResource } from "../../state/resource";
import styles from "./Dashboard.module.css";
import { DashboardNav } from "./DashboardNav";
import { interval, isoToVi, localToday, pct, shiftDays } from "./format";
import { TrendChart } from "./TrendChart";

const GRANULARITIES: readonly GranularityName[] = ["day", "week", "month", "quarter"];

function initialQuery(): DashboardQuery {
  const params = new URLSearchParams(location.search);
  const today = localToday();
  const granularity = params.get("granularity");
  return {
    from: params.get("from") ?? shiftDays(today, -89),
    to: params.get("to") ?? today,
    granularity: GRANULARITIES.includes(granularity as GranularityName) ? (granularity as GranularityName) : "week",
    unitId: params.get("unitId") ?? undefined,
  };
}

/** A 401 means "not signed in": say so and point to the sign-in page instead of an error. */
export function SignInNotice({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiProblem && error.problem.status === 401) {
    return (
      <div class="card" role="alert">
        <p>{t("dashboard.signIn")}</p>
        <a class="button" href="/staff">
          {t("dashboard.signInLink")}
        </a>
      </div>
    );
  }
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

/** The manager dashboard (/staff/dashboard): satisfaction against the target and where to act. */
export default function DashboardPage() {
  useDocumentTitle(t("dashboard.title"));
  const [query, setQuery] = useState<DashboardQuery>(initialQuery);
  const [summary, retry] = useResource((signal) => getDashboardSummary(query, { signal }), [query]);
  const [options] = useResource((signal) => getActions({ status: "active" }, { signal }), []);
  const units = options.status === "ready" ? options.data.units : [];

  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: DashboardQuery = {
      from: String(form.get("from")),
      to: String(form.get("to")),
      granularity: String(form.get("granularity")) as GranularityName,
      unitId: String(form.get("unitId") ?? "") || undefined,
    };
    const url = new URL(location.href);
    for (const [k, v] of Object.entries(next)) {
      if (v) url.searchParams.set(k, String(v));
      else url.searchParams.delete(k);
    }
    history.replaceState(history.state, "", url);
    setQuery(next);
  };

  return (
    <div class={styles.wide}>
      <h1 id="page-title">{t("dashboard.title")}</h1>
      <DashboardNav
        current="/staff/dashboard"
        agencyCode={summary.status === "ready" ? summary.data.agency.code : undefined}
      />
      <form class={styles.filters} onSubmit={apply} aria-label={t("dashboard.filters")}>
        <label>
          {t("dashboard.from")}
          <input type="date" name="from" value={query.from} required />
        </label>
        <label>
          {t("dashboard.to")}
          <input type="date" name="to" value={query.to} required />
        </label>
        <label>
          {t("dashboard.granularity")}
          <select name="granularity" value={query.granularity}>
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {t(`dashboard.granularity.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("dashboard.unit")}
          <select name="unitId" value={query.unitId ?? ""}>
            <option value="">{t("dashboard.allUnits")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id} lang="vi">
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          {t("dashboard.apply")}
        </button>
      </form>
      {summary.status === "loading" && <Loading />}
      {summary.status === "error" && <SignInNotice error={summary.error} onRetry={retry} />}
      {summary.status === "ready" && <Summary s={summary.data} />}
    </div>
  );
}

function Summary({ s }: { s: DashboardSummary }) {
  const target = s.target.value;
  const below = s.satisfaction.value !== null && s.satisfaction.value < target;
  return (
    <>
      <p class="muted">{t("dashboard.period", { from: isoToVi(s.period.from), to: isoToVi(s.period.to) })}</p>
      <section class={styles.kpis} aria-label={t("dashboard.kpi.satisfaction")}>
        <div class={`${styles.kpi} ${below ? styles.kpiBad : styles.kpiGood}`} data-kpi="satisfaction">
          <h2>{t("dashboard.kpi.satisfaction")}</h2>
          <p class={styles.kpiValue}>
            {s.satisfaction.value === null ? t("dashboard.noData") : pct(s.satisfaction.value)}
          </p>
          <p>
            {t("dashboard.kpi.target", { target: pct(target, 0) })}
            {s.satisfaction.value !== null &&
              ` · ${below ? t("dashboard.kpi.belowTarget") : t("dashboard.kpi.meetsTarget")}`}
          </p>
          <p class="muted">{t("dashboard.kpi.satisfactionNote", { n: s.satisfaction.n })}</p>
          <p class="muted">{t("dashboard.kpi.ci", { low: pct(s.satisfaction.low), high: pct(s.satisfaction.high) })}</p>
          <p class={styles.basis}>{s.target.basis}</p>
        </div>
        <div
          class={`${styles.kpi} ${s.onTime.share.value !== null && s.onTime.share.value < s.onTime.target ? styles.kpiBad : ""}`}
        >
          <h2>{t("dashboard.kpi.onTime")}</h2>
          <p class={styles.kpiValue}>{pct(s.onTime.share.value)}</p>
          <p class="muted">
            {t("dashboard.kpi.onTimeNote", {
              late: s.onTime.late,
              n: s.onTime.share.n,
              target: pct(s.onTime.target, 0),
            })}
          </p>
          <p class="muted">{t("dashboard.kpi.ci", { low: pct(s.onTime.share.low), high: pct(s.onTime.share.high) })}</p>
        </div>
        <div class={styles.kpi}>
          <h2>{t("dashboard.kpi.response")}</h2>
          <p class={styles.kpiValue}>{pct(s.responseRate.value)}</p>
          <p class="muted">{t("dashboard.kpi.responseNote", { k: s.responseRate.k, n: s.responseRate.n })}</p>
          <p class="muted">{t("dashboard.kpi.ci", { low: pct(s.responseRate.low), high: pct(s.responseRate.high) })}</p>
        </div>
        <div class={styles.kpi}>
          <h2>{t("dashboard.kpi.tthc766")}</h2>
          <p class={styles.kpiValue}>{pct(s.qd766.tthc.value)}</p>
          <p class="muted">
            {t("dashboard.kpi.tthc766Note", {
              points:
                s.qd766.tthc.points === null ? "—" : formatNumber(s.qd766.tthc.points, { maximumFractionDigits: 2 }),
              max: s.qd766.tthc.max,
              fullAt: pct(s.qd766.tthc.fullAt, 0),
            })}
          </p>
        </div>
        {s.cases && (
          <div class={styles.kpi}>
            <h2>{t("dashboard.kpi.pakn")}</h2>
            <p class={styles.kpiValue}>{pct(s.cases.paknOnTime.value)}</p>
            <p class="muted">
              {t("dashboard.kpi.paknNote", {
                satisfaction: pct(s.cases.paknSatisfaction.value),
                met: pct(s.cases.deadlinesMet.value),
              })}
            </p>
          </div>
        )}
        <div class={`${styles.kpi} ${s.actions.overdue > 0 ? styles.kpiBad : ""}`}>
          <h2>{t("dashboard.kpi.actions")}</h2>
          <p class={styles.kpiValue}>{s.actions.open}</p>
          <p class="muted">{t("dashboard.kpi.actionsNote", { open: s.actions.open, overdue: s.actions.overdue })}</p>
          <p>
            <a href="/staff/dashboard/follow-ups">{t("dashboard.kpi.followUps", { n: s.followUps.open })}</a>
          </p>
        </div>
      </section>

      {!s.sample.adequate && s.sample.population > 0 && (
        <p class={styles.warning} role="note">
          {t("dashboard.sample.warning", {
            answers: s.sample.answers,
            required: s.sample.required,
            population: s.sample.population,
          })}
        </p>
      )}

      <section aria-labelledby="alerts-title" class={styles.section}>
        <h2 id="alerts-title">{t("dashboard.alerts.title")}</h2>
        {s.alerts.length === 0 ? (
          <p class="muted">{t("dashboard.alerts.none", { days: 7 })}</p>
        ) : (
          <ul class={styles.alerts}>
            {s.alerts.map((a) => (
              <li key={`${a.kind}-${a.id}`} lang="vi">
                {t("dashboard.alerts.item", {
                  name: a.name,
                  share: pct(a.share.value),
                  k: a.share.k,
                  n: a.share.n,
                  days: a.windowDays,
                  threshold: pct(a.threshold, 0),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="trend-title" class={styles.section}>
        <h2 id="trend-title">{t("dashboard.trend.title")}</h2>
        <TrendChart
          trend={s.trend}
          target={target}
          granularity={s.period.granularity}
          from={isoToVi(s.period.from)}
          to={isoToVi(s.period.to)}
        />
      </section>

      <div class={styles.columns}>
        <ShareTable id="units" title={t("dashboard.byUnit")} rows={s.byUnit} target={target} />
        <ShareTable
          id="procedures"
          title={t("dashboard.byProcedure")}
          rows={s.byProcedure}
          target={target}
          minCount={s.minCount}
        />
        <ShareTable
          id="counters"
          title={t("dashboard.byCounter")}
          rows={s.byCounter}
          target={target}
          minCount={s.minCount}
        />
      </div>

      {s.surveys.map((survey) => (
        <SurveyTable key={survey.templateId} survey={survey} target={target} />
      ))}

      <section aria-labelledby="indicators-title" class={styles.section}>
        <h2 id="indicators-title">{t("dashboard.indicators.title")}</h2>
        <table class={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.criterion")}</th>
              <th scope="col">{t("dashboard.col.score")}</th>
              <th scope="col">{t("dashboard.col.files")}</th>
            </tr>
          </thead>
          <tbody>
            {s.indicators.items.map((i) => (
              <tr key={i.code}>
                <th scope="row" lang="vi">
                  {i.number}. {i.name}
                </th>
                <td>
                  {i.score === null
                    ? "—"
                    : formatNumber(i.score, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
                </td>
                <td>{i.files}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          {t("dashboard.indicators.total", {
            total: formatNumber(s.indicators.total, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
            scored: s.indicators.scored,
          })}
        </p>
      </section>

      <Heatmap cells={s.heatmap} />
      <p class="muted">{t("dashboard.source", { source: s.onTime.source })}</p>
    </>
  );
}

type ShareRow = {
  id: string;
  name: string;
  share: DashboardSummary["satisfaction"] | null;
  n?: number;
  negative?: number;
};

function ShareTable({
  id,
  title,
  rows,
  target,
  minCount,
}: {
  id: string;
  title: string;
  rows: ShareRow[];
  target: number;
  minCount?: number;
}) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} class={styles.section}>
      <h2 id={`${id}-title`}>{title}</h2>
      <table class={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.name")}</th>
            <th scope="col">{t("dashboard.col.n")}</th>
            <th scope="col">{t("dashboard.col.value")}</th>
            <th scope="col">{t("dashboard.col.ci")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} class={r.share?.value != null && r.share.value < target ? styles.belowRow : undefined}>
              <th scope="row" lang="vi">
                {r.name}
              </th>
              <td>{r.share?.n ?? r.n}</td>
              {r.share ? (
                <>
                  <td>{pct(r.share.value)}</td>
                  <td>{interval(r.share)}</td>
                </>
              ) : (
                <td colSpan={2} class="muted">
                  {t("dashboard.suppressed", { min: minCount ?? 0 })}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SurveyTable({ survey, target }: { survey: DashboardSummary["surveys"][number]; target: number }) {
  return (
    <section aria-labelledby={`survey-${survey.templateId}`} class={styles.section}>
      <h2 id={`survey-${survey.templateId}`}>
        {t("dashboard.surveys.title")}: <span lang="vi">{survey.name}</span>
      </h2>
      <p>{t("dashboard.surveys.overall", { value: pct(survey.overall.value) })}</p>
      <div class={styles.scroll}>
        <table class={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.code")}</th>
              <th scope="col">{t("dashboard.col.criterion")}</th>
              <th scope="col">{t("dashboard.col.n")}</th>
              <th scope="col">{t("dashboard.col.value")}</th>
              <th scope="col">{t("dashboard.col.ci")}</th>
              <th scope="col">{t("dashboard.col.neutralOrBelow")}</th>
              <th scope="col">{t("dashboard.col.action")}</th>
            </tr>
          </thead>
          {survey.elements.map((e) => (
            <tbody key={e.id}>
              <tr class={styles.elementRow}>
                <th scope="rowgroup" colSpan={2} lang="vi">
                  {e.name}
                </th>
                <td>{e.index.n}</td>
                <td>{pct(e.index.value)}</td>
                <td>{interval(e.index)}</td>
                <td colSpan={2} />
              </tr>
              {survey.criteria
                .filter((c) => c.elementId === e.id)
                .map((c) => (
                  <tr key={c.id} class={c.share.value !== null && c.share.value < target ? styles.belowRow : undefined}>
                    <td>{c.code}</td>
                    <th scope="row" lang="vi">
                      {c.name}
                    </th>
                    <td>{c.share.n}</td>
                    <td>{pct(c.share.value)}</td>
                    <td>{interval(c.share)}</td>
                    <td>{c.neutralOrBelow}</td>
                    <td>
                      {c.neutralOrBelow > 0 && (
                        <a href={`/staff/dashboard/actions?criterionId=${c.id}`}>{t("dashboard.createAction")}</a>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </div>
      <p class="muted">{t("dashboard.surveys.indicative")}</p>
    </section>
  );
}

function Heatmap({ cells }: { cells: DashboardSummary["heatmap"] }) {
  if (cells.length === 0) return null;
  const hours = cells.map((c) => c.hour);
  const first = Math.min(...hours);
  const last = Math.max(...hours);
  const max = Math.max(...cells.map((c) => c.n));
  const at = (weekday: number, hour: number) => cells.find((c) => c.weekday === weekday && c.hour === hour);
  const range = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return (
    <section aria-labelledby="heatmap-title" class={styles.section}>
      <h2 id="heatmap-title">{t("dashboard.heatmap.title")}</h2>
      <div class={styles.scroll}>
        <table class={styles.heatmap}>
          <caption class="sr-only">{t("dashboard.heatmap.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.heatmap.hour")}</th>
              {range.map((h) => (
                <th scope="col" key={h}>
                  {String(h).padStart(2, "0")}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <tr key={d}>
                <th scope="row" class={styles.dayHead}>
                  {t(`dashboard.weekday.${d}` as "dashboard.weekday.1")}
                </th>
                {range.map((h) => {
                  const c = at(d, h);
                  const level = c ? Math.min(4, Math.ceil((c.n / max) * 4)) : 0;
                  return (
                    <td key={h} class={styles[`heat${level}`]}>
                      {c ? c.n : ""}
                      {c && <span class="sr-only"> ({pct((c.satisfied / c.n) * 100, 0)})</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
