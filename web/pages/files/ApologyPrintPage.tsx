import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { ApologyLetter, DeliveryChannel } from "../../../schema/api/files";
import { deliverApologyLetter, getApologyLetter } from "../../api/files";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { useResource } from "../../state/resource";
import { DocumentHead } from "./DocumentHead";
import { FilesError } from "./FileBits";
import { letterContent } from "./letter-content";
import { letterFontBytes, registerLetterFont } from "./letter-fonts";
import styles from "./Print.module.css";

/** Builds the PDF in the browser (pdf-lib and the font load only now) and downloads it. */
async function downloadPdf(letter: ApologyLetter): Promise<void> {
  const [{ buildLetterPdf }, fonts] = await Promise.all([import("./apology-pdf"), letterFontBytes()]);
  const bytes = await buildLetterPdf(letterContent(letter), fonts);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/pdf" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `phieu-xin-loi-${letter.fileCode}.pdf`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The letter as printed on A5, with print, PDF and sending (/staff/files/:id/apology/print). */
export default function ApologyPrintPage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [loaded, retry] = useResource((signal) => getApologyLetter(id, { signal }), [id]);
  const [letter, setLetter] = useState<ApologyLetter | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [recipient, setRecipient] = useState("");
  useEffect(registerLetterFont, []);
  const current = letter ?? (loaded.status === "ready" ? loaded.data : null);
  useDocumentTitle(current ? `${current.title} ${current.numberText}` : t("files.apology.title"));

  if (!current) {
    return loaded.status === "error" ? <FilesError error={loaded.error} onRetry={retry} /> : <Loading />;
  }
  const content = letterContent(current);

  const run = async (what: string, action: () => Promise<ApologyLetter | undefined>) => {
    setBusy(what);
    setError(null);
    try {
      const next = await action();
      if (next) setLetter(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const deliver = (channel: DeliveryChannel) =>
    run(channel, () =>
      deliverApologyLetter(id, { channel, recipient: channel === "print" ? undefined : recipient || undefined }),
    );

  return (
    <div>
      <div class={styles.toolbar} role="toolbar" aria-label={t("files.print.toolbar")}>
        <a class="button button-secondary" href={`/staff/files/${id}`}>
          {t("files.back")}
        </a>
        <button
          type="button"
          class="button"
          disabled={busy !== null}
          onClick={() =>
            run("print", async () => {
              window.print();
              return deliverApologyLetter(id, { channel: "print" });
            })
          }
        >
          {t("files.print.print")}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy !== null}
          data-pdf
          onClick={() =>
            run("pdf", async () => {
              await downloadPdf(current);
              return undefined;
            })
          }
        >
          {busy === "pdf" ? t("files.print.pdfBusy") : t("files.print.pdf")}
        </button>
      </div>
      {error !== null && <FilesError error={error} />}

      <article class={styles.sheet} data-print-sheet lang="vi" aria-label={content.title}>
        <DocumentHead header={content.header} />
        <h1 class={styles.title}>{content.title}</h1>
        <p class={styles.addressee}>
          Kính gửi: <strong>{content.addressee}</strong>
        </p>
        {content.addresseeAddress && <p class={styles.addressee}>Địa chỉ: {content.addresseeAddress}</p>}
        <div class={styles.body}>
          {content.paragraphs.map((p) => (
            <p key={p.label ?? p.text}>
              {p.label && <strong>{p.label} </strong>}
              {p.text}
            </p>
          ))}
        </div>
        <div class={styles.signature}>
          <div class={styles.recipients}>
            {content.recipients.map((r, i) => (
              <p key={r} class={i === 0 ? styles.strong : undefined}>
                {r}
              </p>
            ))}
          </div>
          <div class={styles.signer}>
            <p class={styles.strong}>{content.signerTitle}</p>
            <p>
              <em>{content.signerNote}</em>
            </p>
            {content.signerName && <p class={styles.signerName}>{content.signerName}</p>}
          </div>
        </div>
        <p class={styles.formLabel}>{content.formLabel}</p>
      </article>

      <section class={styles.deliveries} aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t("files.print.deliveries")}</h2>
        {current.deliveries.length === 0 ? (
          <p>{t("files.print.noDelivery")}</p>
        ) : (
          <ul>
            {current.deliveries.map((d) => (
              <li key={d.id}>
                {t(`files.print.delivery.${d.channel}`)}
                {d.recipient ? ` (${d.recipient})` : ""} – {formatDateTime(d.deliveredAt)} –{" "}
                {t(`files.print.status.${d.status}`)}
              </li>
            ))}
          </ul>
        )}
        <div class={styles.toolbar}>
          <label>
            {t("files.print.recipient")}{" "}
            <input value={recipient} onInput={(e) => setRecipient((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button
            type="button"
            class="button button-secondary"
            disabled={busy !== null}
            onClick={() => deliver("email")}
          >
            {t("files.print.email")}
          </button>
          <button type="button" class="button button-secondary" disabled={busy !== null} onClick={() => deliver("sms")}>
            {t("files.print.sms")}
          </button>
        </div>
      </section>
    </div>
  );
}
