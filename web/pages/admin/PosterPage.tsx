import "../../i18n/admin";
import { useLocation, useRoute } from "preact-iso";
import { getAgency, getCounter, listUnits } from "../../api/admin";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useResource } from "../../state/resource";
import { QrCode } from "../staff/QrCode";
import { AdminLayout } from "./AdminLayout";
import styles from "./Poster.module.css";

type Size = "a4" | "a6";

/**
 * /staff/quan-tri/quay/:id/ma-qr: the counter's QR poster, A4 (on the wall) or A6 (on the
 * desk), printed from the browser. On screen the sheet with a toolbar; on paper the sheet
 * alone, on a page of its size (`@page`). The text is the same whatever the reader's language:
 * Vietnamese first, English below, for the citizens at the counter.
 */
export default function PosterPage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [state, retry] = useResource(
    async (signal) => {
      const [counter, agency, { units }] = await Promise.all([
        getCounter(id, { signal }),
        getAgency({ signal }),
        listUnits({ signal }),
      ]);
      return { counter, agency, unit: units.find((u) => u.id === counter.unitId) ?? null };
    },
    [id],
  );
  return (
    <AdminLayout title={t("admin.poster.title")}>
      {() => {
        if (state.status === "loading") return <Loading />;
        if (state.status === "error") return <ErrorNotice error={state.error} onRetry={retry} />;
        return <Poster {...state.data} />;
      }}
    </AdminLayout>
  );
}

function Poster({
  counter,
  agency,
  unit,
}: {
  counter: { id: string; name: string; publicCode: string; active: boolean };
  agency: { name: string; hotline: string | null };
  unit: { name: string } | null;
}) {
  const { query, route, path } = useLocation();
  const size: Size = query.kho === "a6" ? "a6" : "a4";
  const url = `${location.origin}/q/${counter.publicCode}`;
  const shownUrl = url.replace(/^https?:\/\//, "");
  return (
    <>
      <div class={styles.toolbar}>
        <a class="button button-secondary" href="/staff/quan-tri/quay">
          {t("admin.poster.back")}
        </a>
        <fieldset class={styles.sizes}>
          <legend class={styles.sizesLegend}>{t("admin.poster.size")}</legend>
          {(["a4", "a6"] as const).map((s) => (
            <label key={s} class={styles.size}>
              <input
                type="radio"
                name="poster-size"
                value={s}
                checked={size === s}
                onChange={() => route(`${path}?kho=${s}`, true)}
              />
              <span>{t(s === "a4" ? "admin.poster.a4" : "admin.poster.a6")}</span>
            </label>
          ))}
        </fieldset>
        <button type="button" class="button" onClick={() => window.print()} data-print>
          {t("admin.poster.print")}
        </button>
      </div>
      {!counter.active && <p class={styles.warning}>{t("admin.poster.inactive")}</p>}
      <p class={styles.screenHint}>{t("admin.poster.hint")}</p>
      <article
        class={`${styles.sheet} ${size === "a6" ? styles.a6 : styles.a4}`}
        data-print-sheet
        data-size={size}
        lang="vi"
        aria-label={t("admin.poster.sheetLabel", { size: size.toUpperCase() })}
      >
        <div class={styles.inner}>
          <header class={styles.head}>
            <p class={styles.agency}>{agency.name}</p>
            {unit && <p class={styles.unit}>{unit.name}</p>}
          </header>
          <p class={styles.counter}>{counter.name}</p>
          <p class={styles.callVi}>{t("admin.poster.scan")}</p>
          <p class={styles.callEn} lang="en">
            {t("admin.poster.scanEn")}
          </p>
          <QrCode text={url} label={t("admin.poster.qrLabel", { url: shownUrl })} class={styles.qr} />
          <p class={styles.url}>{shownUrl}</p>
          <p class={styles.anonymous}>{t("admin.poster.anonymous")}</p>
          <p class={styles.anonymousEn} lang="en">
            {t("admin.poster.anonymousEn")}
          </p>
          {agency.hotline && <p class={styles.hotline}>{t("admin.poster.hotline", { phone: agency.hotline })}</p>}
        </div>
      </article>
    </>
  );
}
