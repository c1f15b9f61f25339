import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../../i18n";
import styles from "./Admin.module.css";

/**
 * A one-time password the API shows once (new account, admin reset): large, selectable, with a
 * copy button, and what to do with it. Focus moves here so a screen reader reads it out.
 */
export function OneTimePassword({ username, password }: { username: string; password: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class={styles.secret} aria-labelledby="otp-title" data-one-time-password>
      <h2 id="otp-title" ref={heading} tabIndex={-1}>
        {t("admin.otp.title", { username })}
      </h2>
      <p>
        <code class={styles.secretValue} data-otp-value>
          {password}
        </code>
      </p>
      <p>{t("admin.otp.once")}</p>
      <button
        type="button"
        class="button button-secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(password);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        {t("admin.otp.copy")}
      </button>
      <span role="status">{copied ? ` ${t("admin.otp.copied")}` : ""}</span>
    </section>
  );
}
