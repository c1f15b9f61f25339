import "../../i18n/rate";
import { useRef, useState } from "preact/hooks";
import type { RatingFile } from "../../../schema/api/ratings";
import { getAgency } from "../../api/citizen";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { pick, t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { useResource } from "../../state/resource";
import { useAgency } from "./agency-header";
import { FileCodeForm, FileSummary } from "./FileCode";
import { AlreadyRated, RateFlow } from "./RateFlow";
import styles from "./RatePages.module.css";

/**
 * `/ho-so/:agencyCode`: the citizen types the code of a file of this agency (printed on the
 * receipt), the API checks it against the registered files, and the citizen rates that file,
 * once. Linked from each counter's QR page.
 */
export default function FileCodePage({ agencyCode }: { agencyCode: string }) {
  const [state, retry] = useResource((signal) => getAgency(agencyCode, { signal }), [agencyCode]);
  const agency = state.status === "ready" ? state.data : null;
  useAgency(agency);
  useDocumentTitle(t("rate.code.title"));

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error instanceof ApiProblem && (state.error.status === 404 || state.error.status === 422)) {
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">{state.error.title()}</h1>
          <p>{state.error.detail()}</p>
          <a class="button button-secondary" href="/">
            {t("common.backHome")}
          </a>
        </section>
      );
    }
    return <ErrorNotice error={state.error} onRetry={retry} />;
  }
  return <RateByCode agencyCode={state.data.code} keypad={false} />;
}

/** The file-code path: type the code, see the file, rate it (shared with the kiosk). */
export function RateByCode({
  agencyCode,
  keypad,
  onEnd,
  headingLevel = 1,
}: {
  agencyCode: string;
  keypad: boolean;
  onEnd?: () => void;
  headingLevel?: 1 | 2;
}) {
  const [file, setFile] = useState<RatingFile | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const Title = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";

  const another = () => {
    setFile(null);
    requestAnimationFrame(() => document.getElementById("rate-fileCode")?.focus());
  };

  return (
    <article aria-labelledby="page-title">
      <Title id="page-title" ref={heading} tabIndex={-1} class={styles.pageTitle}>
        {t("rate.code.title")}
      </Title>
      {!file ? (
        <>
          <p class={styles.intro}>{t("rate.code.intro")}</p>
          <FileCodeForm
            agencyCode={agencyCode}
            keypad={keypad}
            onFound={(found) => {
              setFile(found);
              if (found.alreadyRated) onEnd?.();
            }}
          />
        </>
      ) : (
        <>
          <FileSummary file={file} />
          {file.alreadyRated ? (
            <AlreadyRated level={headingLevel === 1 ? 2 : 3} />
          ) : !file.survey ? (
            <p>{t("rate.file.noSurvey")}</p>
          ) : (
            <section class={styles.rate} aria-labelledby="rate-title">
              <Sub id="rate-title" class={styles.rateTitle}>
                {pick(file.survey.name, file.survey.nameEn)}
              </Sub>
              <p class={styles.note}>{t("rate.anonymous")}</p>
              <RateFlow
                surveyId={file.survey.id}
                source={{ kind: "file_code", agencyCode, fileCode: file.file.code }}
                onEnd={onEnd}
              />
            </section>
          )}
          {!onEnd && (
            <button type="button" class={`button button-secondary ${styles.again}`} onClick={another}>
              {t("rate.code.another")}
            </button>
          )}
        </>
      )}
    </article>
  );
}
