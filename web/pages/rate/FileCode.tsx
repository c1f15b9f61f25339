import "../../i18n/rate";
import { useRef, useState } from "preact/hooks";
import type { RatingFile } from "../../../schema/api/ratings";
import { lookupFile } from "../../api/citizen";
import { ApiOfflineError, ApiProblem } from "../../api/errors";
import { describeError } from "../../components/Status";
import { t } from "../../i18n";
import { formatDate } from "../../lib/format";
import styles from "./FileCode.module.css";
import { domId } from "./Questions";

/**
 * Typing a file code (mã hồ sơ), on a phone or on the counter's tablet. A file code is the
 * agency's identifier, the receipt date and the day's number (`000.00.15.H68-261120-0015`,
 * ND 118/2025 Art. 28; DOMAIN §8.2), so the citizen types only the digits at the end, on a
 * numeric keyboard (phone) or the on-screen keypad (kiosk); a code with other letters can be
 * typed in full.
 */

/** `2611200015` → `261120-0015`: the date part, a dash, the day's number. */
export function formatDigits(raw: string): string {
  const digits = raw.replace(/\D/g, "").slice(0, 13);
  return digits.length > 6 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
}

export function FileCodeForm({
  agencyCode,
  keypad,
  onFound,
}: {
  agencyCode: string;
  /** Kiosk: an on-screen keypad instead of the device keyboard. */
  keypad: boolean;
  onFound: (file: RatingFile) => void;
}) {
  const [full, setFull] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = domId("fileCode");

  const fail = (message: string) => {
    setError(message);
    input.current?.focus();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const typed = value.trim();
    if (!typed) return fail(t("rate.code.required"));
    const fileCode = full ? typed : `${agencyCode}-${formatDigits(typed)}`;
    setBusy(true);
    setError(null);
    try {
      onFound(await lookupFile({ agencyCode, fileCode }));
    } catch (err) {
      if (err instanceof ApiProblem) {
        fail(err.fieldErrors().fileCode ?? err.detail() ?? err.title());
      } else if (err instanceof ApiOfflineError) {
        fail(`${t("common.error.offline.title")}. ${t("common.error.offline.detail")}`);
      } else {
        fail(describeError(err).title);
      }
    } finally {
      setBusy(false);
    }
  };

  const press = (key: string) => {
    setError(null);
    setValue((v) =>
      key === "back" ? formatDigits(v.replace(/\D/g, "").slice(0, -1)) : key === "clear" ? "" : formatDigits(v + key),
    );
  };

  const switchMode = () => {
    setFull(!full);
    setValue("");
    setError(null);
    input.current?.focus();
  };

  const describedBy = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <form class={styles.form} onSubmit={submit} noValidate>
      <label for={id} class={styles.label}>
        {t("rate.code.label")}
      </label>
      <p id={`${id}-hint`} class={styles.hint}>
        {full
          ? t("rate.code.hintFull", { example: `${agencyCode}-261120-0015` })
          : t("rate.code.hintDigits", { digits: "261120-0015" })}
      </p>
      {error && (
        <p id={`${id}-error`} class={styles.error}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <div class={`${styles.field} ${error ? styles.invalid : ""}`}>
        {!full && (
          <span class={styles.prefix} aria-hidden="true">
            {agencyCode}-
          </span>
        )}
        <input
          ref={input}
          id={id}
          class={styles.input}
          type="text"
          value={value}
          // Kiosk: the keypad below, not the tablet's keyboard over half the screen.
          inputMode={full ? "text" : keypad ? "none" : "numeric"}
          autocomplete="off"
          autoCapitalize={full ? "characters" : "off"}
          spellcheck={false}
          maxLength={full ? 60 : 14}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy}
          onInput={(e) => {
            const raw = (e.currentTarget as HTMLInputElement).value;
            setError(null);
            setValue(full ? raw : formatDigits(raw));
          }}
        />
      </div>
      {keypad && !full && (
        <fieldset class={styles.keypad}>
          <legend class="sr-only">{t("rate.keypad")}</legend>
          {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => (
            <button key={d} type="button" class={styles.key} aria-controls={id} onClick={() => press(d)}>
              {d}
            </button>
          ))}
          <button
            type="button"
            class={`${styles.key} ${styles.keySmall}`}
            aria-controls={id}
            onClick={() => press("clear")}
          >
            {t("rate.keypad.clear")}
          </button>
          <button type="button" class={styles.key} aria-controls={id} onClick={() => press("0")}>
            0
          </button>
          <button
            type="button"
            class={styles.key}
            aria-controls={id}
            aria-label={t("rate.keypad.backspace")}
            onClick={() => press("back")}
          >
            ⌫
          </button>
        </fieldset>
      )}
      <div class={styles.actions}>
        <button type="submit" class={`button ${styles.submit}`} disabled={busy}>
          {busy ? t("rate.code.searching") : t("rate.code.submit")}
        </button>
        <button type="button" class="button button-secondary" onClick={switchMode}>
          {full ? t("rate.code.useDigits") : t("rate.code.useFull")}
        </button>
      </div>
    </form>
  );
}

/** What the citizen is about to rate: the file, its procedure and dates (dd/mm/yyyy). */
export function FileSummary({ file }: { file: RatingFile }) {
  const f = file.file;
  return (
    <dl class={styles.summary}>
      <div>
        <dt>{t("rate.file.code")}</dt>
        <dd class={styles.code}>{f.code}</dd>
      </div>
      <div>
        <dt>{t("rate.file.procedure")}</dt>
        <dd lang="vi">{f.procedureName}</dd>
      </div>
      <div>
        <dt>{t("rate.file.unit")}</dt>
        <dd lang="vi">{f.unitName}</dd>
      </div>
      <div>
        <dt>{t("rate.file.received")}</dt>
        <dd>{formatDate(f.receivedAt)}</dd>
      </div>
      {f.returnedAt && (
        <div>
          <dt>{t("rate.file.returned")}</dt>
          <dd>{formatDate(f.returnedAt)}</dd>
        </div>
      )}
      {file.rateUntil && !file.alreadyRated && (
        <div>
          <dt>{t("rate.file.rateUntil")}</dt>
          <dd>{formatDate(file.rateUntil)}</dd>
        </div>
      )}
    </dl>
  );
}
