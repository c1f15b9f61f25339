import "../../i18n/rate";
import { getFileByToken } from "../../api/citizen";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { useResource } from "../../state/resource";
import { useFileAgency } from "./agency-header";
import { FileSummary } from "./FileCode";
import { AlreadyRated, RateFlow } from "./RateFlow";
import styles from "./RatePages.module.css";

/**
 * The page the QR printed on a file's receipt opens: `/r/<token>` (schema/api/files.ts
 * FILE_RATING_PATH), also `/r#<token>`. The signed token names one file; the rating is bound to
 * it, anonymously, once.
 */
export default function FileRatePage({ token: fromPath }: { token?: string }) {
  const token = fromPath ?? decodeURIComponent(location.hash.slice(1));
  useDocumentTitle(t("rate.file.title"));
  if (!token) return <Problem title={t("rate.file.invalidTitle")} detail={t("rate.file.missingToken")} />;
  return <FileByToken token={token} />;
}

function FileByToken({ token }: { token: string }) {
  const [state, retry] = useResource((signal) => getFileByToken(token, { signal }), [token]);
  const file = state.status === "ready" ? state.data : null;
  useFileAgency(file?.agency ?? null);

  if (state.status === "loading") return <Loading label={t("rate.file.loading")} />;
  if (state.status === "error") {
    const error = state.error;
    if (error instanceof ApiProblem && [400, 404, 410, 422].includes(error.status)) {
      const title = error.status === 410 ? t("rate.file.expiredTitle") : t("rate.file.invalidTitle");
      return <Problem title={title} detail={error.status === 422 ? t("rate.file.missingToken") : error.detail()} />;
    }
    return <ErrorNotice error={error} onRetry={retry} />;
  }

  const data = state.data;
  const survey = data.survey;
  return (
    <article aria-labelledby="page-title">
      <h1 id="page-title">{t("rate.file.title")}</h1>
      <FileSummary file={data} />
      {data.alreadyRated ? (
        <AlreadyRated level={2} />
      ) : !survey ? (
        <p>{t("rate.file.noSurvey")}</p>
      ) : (
        <section class={styles.rate} aria-labelledby="rate-title">
          <h2 id="rate-title" class={styles.rateTitle}>
            {pick(survey.name, survey.nameEn)}
          </h2>
          <p class={styles.note}>{t("rate.anonymous")}</p>
          <RateFlow surveyId={survey.id} source={{ kind: "file_token", token }} />
        </section>
      )}
    </article>
  );
}

function Problem({ title, detail }: { title: string; detail?: string }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {detail && <p>{detail}</p>}
      <a class="button button-secondary" href="/">
        {t("common.backHome")}
      </a>
    </section>
  );
}
