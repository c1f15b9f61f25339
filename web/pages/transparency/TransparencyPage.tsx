import "../../i18n/dashboard";
import { getTransparency } from "../../api/dashboard";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate, formatNumber } from "../../lib/format";
import { useResource } from "../../state/resource";
import { interval, isoToVi, pct } from "../dashboard/format";
import styles from "./TransparencyPage.module.css";

/** The public transparency page (/cong-khai/:agencyCode): no sign-in, agency-wide figures only. */
export default function TransparencyPage({ agencyCode }: { agencyCode: string }) {
  const [data, retry] = useResource((signal) => getTransparency(agencyCode, { signal }), [agencyCode]);
  useDocumentTitle(
    data.status === "ready" ? `${t("transparency.title")} – ${data.data.agency.name}` : t("transparency.title"),
  );
  if (data.status === "loading") return <Loading />;
  if (data.status === "error") return <ErrorNotice error={data.error} onRetry={retry} />;
  const d = data.data;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("transparency.title")}</h1>
      <p>
        {t("transparency.intro", { agency: d.agency.name })} ({isoToVi(d.period.from)} – {isoToVi(d.period.to)})
      </p>
      <div class={styles.figures}>
        <div class={styles.figure} data-figure="satisfaction">
          <h2>{t("transparency.satisfaction")}</h2>
          <p class={styles.value}>{pct(d.satisfaction.value)}</p>
          <p class="muted">
            {t("dashboard.kpi.target", { target: pct(d.target.value, 0) })} · n = {formatNumber(d.satisfaction.n)}
          </p>
          <p class="muted">{t("dashboard.kpi.ci", { low: pct(d.satisfaction.low), high: pct(d.satisfaction.high) })}</p>
        </div>
        <div class={styles.figure} data-figure="on-time">
          <h2>{t("transparency.onTime")}</h2>
          <p class={styles.value}>{pct(d.onTime.value)}</p>
          <p class="muted">n = {formatNumber(d.onTime.n)}</p>
        </div>
      </div>
      <h2>{t("transparency.byMonth")}</h2>
      <table class={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.period")}</th>
            <th scope="col">{t("dashboard.col.n")}</th>
            <th scope="col">{t("dashboard.col.value")}</th>
            <th scope="col">{t("dashboard.col.ci")}</th>
          </tr>
        </thead>
        <tbody>
          {d.byMonth.map((m) => (
            <tr key={m.month}>
              <th scope="row">{`${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`}</th>
              <td>{m.n}</td>
              <td>{pct(m.value)}</td>
              <td>{interval(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("transparency.answers")}</h2>
      {d.publishedAnswers.length === 0 ? (
        <p class="muted">{t("transparency.noAnswers")}</p>
      ) : (
        <ul class={styles.answers}>
          {d.publishedAnswers.map((a) => (
            <li key={a.code}>
              <h3>{t("transparency.answerOf", { code: a.code, date: formatDate(a.publishedAt) })}</h3>
              {a.unitName && <p lang="vi">{a.unitName}</p>}
              {a.question && (
                <p lang="vi">
                  <strong>{t("transparency.question")}: </strong>
                  {a.question}
                </p>
              )}
              {a.answer && (
                <p lang="vi">
                  <strong>{t("transparency.answer")}: </strong>
                  {a.answer}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
