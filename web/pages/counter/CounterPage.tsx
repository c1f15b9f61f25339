import "../../i18n/counter";
import { useEffect } from "preact/hooks";
import { getCounter } from "../../api/citizen";
import { ApiProblem } from "../../api/errors";
import { AgencyContacts } from "../../components/AgencyContacts";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { currentAgency } from "../../state/agency";
import { useResource } from "../../state/resource";
import { IntakeLink } from "../petition/IntakeLink";
import { RateEntry } from "../rate/RateEntry";
import styles from "./CounterPage.module.css";

/** A code that is malformed (422) or unknown (404) means the same to the citizen: no such counter. */
function isUnknownCounter(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 422);
}

/** The page a counter's QR code opens: who serves here, where to rate, whom to call. */
export default function CounterPage({ publicCode }: { publicCode: string }) {
  const [state, retry] = useResource((signal) => getCounter(publicCode, { signal }), [publicCode]);
  const counter = state.status === "ready" ? state.data : null;

  useEffect(() => {
    currentAgency.value = counter?.agency ?? null;
    return () => {
      currentAgency.value = null;
    };
  }, [counter]);

  const notFound = state.status === "error" && isUnknownCounter(state.error);
  useDocumentTitle(
    counter ? `${counter.name} – ${counter.agency.name}` : notFound ? t("counter.notFound.title") : null,
  );

  if (state.status === "loading") return <Loading label={t("counter.loading")} />;

  if (state.status === "error") {
    if (notFound) {
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">{t("counter.notFound.title")}</h1>
          <p>{t("counter.notFound.body")}</p>
          <p class="muted">{t("counter.notFound.code", { code: publicCode })}</p>
          <a class="button button-secondary" href="/">
            {t("common.backHome")}
          </a>
        </section>
      );
    }
    return <ErrorNotice error={state.error} onRetry={retry} />;
  }

  const { data } = state;
  return (
    <article aria-labelledby="page-title">
      <header class={styles.intro}>
        <p class={styles.unit}>
          {t("counter.unitLabel")} <span lang="vi">{data.unit.name}</span>
        </p>
        <h1 id="page-title" lang="vi">
          {data.name}
        </h1>
        {data.location && (
          <p class="muted">
            {t("counter.locationLabel")} <span lang="vi">{data.location}</span>
          </p>
        )}
        <p>{t("counter.welcome")}</p>
      </header>
      <RateEntry counter={data} />
      <IntakeLink counterCode={data.publicCode} />
      <AgencyContacts agency={data.agency} />
    </article>
  );
}
