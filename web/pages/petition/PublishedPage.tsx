import "../../i18n/cases";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { PublishedAnswers } from "../../../schema/api/cases";
import { getPublishedAnswers } from "../../api/cases";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { useResource } from "../../state/resource";
import styles from "./Petition.module.css";
import { CitizenLinks } from "./StatusPage";

/** /tra-loi?co-quan=… — the agency's published answers to petitions (personal data removed). */
export default function PublishedPage() {
  const { query } = useLocation();
  const agency = query["co-quan"] ?? "";
  useDocumentTitle(t("cases.published.title"));
  const [state, retry] = useResource((signal) => getPublishedAnswers(agency, undefined, { signal }), [agency]);
  const [more, setMore] = useState<PublishedAnswers["items"]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setMore([]);
    setNext(state.status === "ready" ? state.data.nextBefore : null);
  }, [state]);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
  const items = [...state.data.items, ...more];
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t("cases.published.title")}</h1>
      <p class="muted" lang="vi">
        {state.data.agency.name}
      </p>
      <p>{t("cases.published.lead")}</p>
      {items.length === 0 ? (
        <p>{t("cases.published.empty")}</p>
      ) : (
        <ul class={styles.published}>
          {items.map((item) => (
            <li key={item.code} class="card">
              <h2 lang="vi">{item.title}</h2>
              <p class="muted">{t("cases.published.meta", { code: item.code, date: formatDate(item.publishedAt) })}</p>
              <h3>{t("cases.published.question")}</h3>
              <p class={styles.answerBody} lang="vi">
                {item.question}
              </p>
              <h3>{t("cases.published.answer")}</h3>
              <p class={styles.answerBody} lang="vi">
                {item.answer}
              </p>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button
          type="button"
          class="button button-secondary"
          onClick={async () => {
            try {
              const page = await getPublishedAnswers(agency, next);
              setMore((m) => [...m, ...page.items]);
              setNext(page.nextBefore);
            } catch (err) {
              setError(err);
            }
          }}
        >
          {t("cases.published.more")}
        </button>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <CitizenLinks agencyCode={state.data.agency.code} />
    </section>
  );
}
