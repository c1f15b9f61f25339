import "../../i18n/dashboard";
import { useState } from "preact/hooks";
import type { PeriodicReport, ReportQuery } from "../../../schema/api/dashboard";
import { getPeriodicReport, periodicReportUrl } from "../../api/dashboard";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { useResource } from "../../state/resource";
import styles from "./Dashboard.module.css";
import { DashboardNav } from "./DashboardNav";
import { SignInNotice } from "./DashboardPage";
import { interval, isoToVi, localToday, pct } from "./format";

type Params = Omit<ReportQuery, "format">;
const KINDS = ["q1", "q2", "q3", "q4", "h1", "year"] as const;

/** The periodic report (/staff/dashboard/report): a printable page and the XLSX / CSV files. */
export default function ReportPage() {
  useDocumentTitle(t("report.title"));
  const [params, setParams] = useState<Params>({
    kind: "h1",
    year: Number(localToday().slice(0, 4)),
    cutoff: "calendar",
  });
  const [report, retry] = useResource((signal) => getPeriodicReport(params, { signal }), [params]);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setParams({
      kind: String(form.get("kind")) as Params["kind"],
      year: Number(form.get("year")),
      cutoff: String(form.get("cutoff")) as Params["cutoff"],
    });
  };
  return (
    <div class={styles.wide}>
      <div class={styles.noPrint}>
        <h1>{t("report.title")}</h1>
        <DashboardNav current="/staff/dashboard/report" />
        <form class={styles.filters} onSubmit={submit}>
          <label>
            {t("report.kind")}
            <select name="kind" value={params.kind}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`report.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("report.year")}
            <input type="number" name="year" min={2000} max={2100} value={params.year} required />
          </label>
          <label>
            {t("report.cutoff")}
            <select name="cutoff" value={params.cutoff}>
              <option value="calendar">{t("report.cutoff.calendar")}</option>
              <option value="cutoff">{t("report.cutoff.cutoff")}</option>
            </select>
          </label>
          <button type="submit" class="button">
            {t("report.show")}
          </button>
        </form>
        <p class={styles.inline}>
          <button type="button" class="button button-secondary" onClick={() => window.print()}>
            {t("report.print")}
          </button>
          <a class="button button-secondary" href={periodicReportUrl(params, "xlsx")} download>
            {t("report.downloadXlsx")}
          </a>
          <a class="button button-secondary" href={periodicReportUrl(params, "csv")} download>
            {t("report.downloadCsv")}
          </a>
        </p>
      </div>
      {report.status === "loading" && <Loading />}
      {report.status === "error" && <SignInNotice error={report.error} onRetry={retry} />}
      {report.status === "ready" && <Report r={report.data} />}
    </div>
  );
}

function Rows({ caption, rows }: { caption: string; rows: PeriodicReport["byUnit"] }) {
  return (
    <table class={styles.table}>
      <caption class="sr-only">{caption}</caption>
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
          <tr key={r.name}>
            <th scope="row" lang="vi">
              {r.name}
            </th>
            <td>{r.n}</td>
            <td>{pct(r.value)}</td>
            <td>{interval(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ r }: { r: PeriodicReport }) {
  return (
    <article class={styles.report} data-report>
      <h2 lang="vi">{r.agency.name}</h2>
      <p>
        <strong>
          {t("report.heading", { kind: t(`report.kind.${r.kind}` as "report.kind.h1"), year: String(r.year) })}
        </strong>
      </p>
      <p>{t("report.periodLine", { from: isoToVi(r.period.from), to: isoToVi(r.period.to) })}</p>
      <h2>{t("report.summary")}</h2>
      <ul>
        <li>
          {t("dashboard.kpi.satisfaction")}: <strong>{pct(r.satisfaction.value)}</strong> (
          {t("dashboard.kpi.ci", { low: pct(r.satisfaction.low), high: pct(r.satisfaction.high) })}; n ={" "}
          {r.satisfaction.n}) — {t("dashboard.kpi.target", { target: pct(r.target.value, 0) })}
        </li>
        <li>{t("report.targetBasis", { basis: r.target.basis })}</li>
        <li>
          {t(r.sample.adequate ? "report.sampleOk" : "report.sampleLow", {
            required: r.sample.required,
            population: r.sample.population,
          })}
        </li>
        <li>
          {t("dashboard.kpi.onTime")}: {pct(r.onTime.share.value)} ({r.onTime.late} / {r.onTime.share.n})
        </li>
        <li>
          {t("dashboard.kpi.response")}: {pct(r.responseRate.value)}
        </li>
        <li>
          {t("dashboard.kpi.tthc766")}: {pct(r.qd766Tthc.value)}
        </li>
        {r.cases && (
          <li>
            {t("dashboard.kpi.pakn")}: {pct(r.cases.paknOnTime.value)}
          </li>
        )}
      </ul>
      <h2>{t("dashboard.byUnit")}</h2>
      <Rows caption={t("dashboard.byUnit")} rows={r.byUnit} />
      <h2>{t("dashboard.byProcedure")}</h2>
      <Rows caption={t("dashboard.byProcedure")} rows={r.byProcedure} />
      <h2>{t("report.byMonth")}</h2>
      <Rows caption={t("report.byMonth")} rows={r.byMonth} />
      <h2>{t("report.elements")}</h2>
      <Rows caption={t("report.elements")} rows={r.elements} />
      <h2>{t("report.criteria")}</h2>
      <Rows caption={t("report.criteria")} rows={r.criteria} />
      <h2>{t("dashboard.indicators.title")}</h2>
      <table class={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.criterion")}</th>
            <th scope="col">{t("dashboard.col.score")}</th>
            <th scope="col">{t("dashboard.col.files")}</th>
          </tr>
        </thead>
        <tbody>
          {r.indicators.map((i) => (
            <tr key={i.name}>
              <th scope="row" lang="vi">
                {i.name}
              </th>
              <td>{i.score ?? "—"}</td>
              <td>{i.files}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("report.actions")}</h2>
      {r.actions.length === 0 ? (
        <p class="muted">{t("actions.empty")}</p>
      ) : (
        <ul>
          {r.actions.map((a) => (
            <li key={`${a.title}-${a.dueOn}`} lang="vi">
              {a.title} — {a.unit} — {t(`actions.status.${a.status}`)} — {isoToVi(a.dueOn)}
              {a.evidence && ` — ${a.evidence}`}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">{t("report.generated", { date: isoToVi(r.generatedAt.slice(0, 10)) })}</p>
    </article>
  );
}
