import { useEffect } from "preact/hooks";
import { useRoute } from "preact-iso";
import { getReturnSlip } from "../../api/files";
import { Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { useResource } from "../../state/resource";
import { DocumentHead } from "./DocumentHead";
import { FilesError } from "./FileBits";
import { slipContent } from "./letter-content";
import { registerLetterFont } from "./letter-fonts";
import styles from "./Print.module.css";

/**
 * The return slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 01) on A5, with the file's
 * rating QR code (/staff/files/:id/slip).
 */
export default function ReturnSlipPage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [slip, retry] = useResource((signal) => getReturnSlip(id, { signal }), [id]);
  useEffect(registerLetterFont, []);
  useDocumentTitle(t("files.slip.title"));
  if (slip.status === "loading") return <Loading />;
  if (slip.status === "error") return <FilesError error={slip.error} onRetry={retry} />;
  const content = slipContent(slip.data);
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(slip.data.qrSvg)}`;
  return (
    <div>
      <div class={styles.toolbar}>
        <a class="button button-secondary" href={`/staff/files/${id}`}>
          {t("files.back")}
        </a>
        <button type="button" class="button" onClick={() => window.print()}>
          {t("files.slip.print")}
        </button>
      </div>
      <article class={styles.sheet} data-print-sheet lang="vi" aria-label={content.title}>
        <DocumentHead header={content.header} />
        <h1 class={styles.title}>{content.title}</h1>
        <div class={styles.slipLines}>
          {content.lines.map((l) => (
            <p key={l.label}>
              <strong>{l.label}</strong> {l.text}
            </p>
          ))}
        </div>
        <div class={`${styles.signature} ${styles.slipSign}`}>
          <div class={styles.signer}>
            <p class={styles.strong}>NGƯỜI NỘP HỒ SƠ</p>
            <p>
              <em>(Ký và ghi rõ họ tên)</em>
            </p>
          </div>
          <div class={styles.signer}>
            <p class={styles.strong}>NGƯỜI TIẾP NHẬN HỒ SƠ</p>
            <p>
              <em>(Ký và ghi rõ họ tên)</em>
            </p>
          </div>
        </div>
        <div class={styles.qr}>
          <img src={qr} alt={`Mã QR đánh giá hồ sơ ${slip.data.fileCode}`} data-rating-qr />
          <p>{content.ratingPrompt}</p>
        </div>
      </article>
    </div>
  );
}
