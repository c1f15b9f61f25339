import "../../i18n/staff";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { STAFF_CHANGE_PASSWORD_PATH } from "../../api/client";
import { ApiProblem } from "../../api/errors";
import { t } from "../../i18n";
import { useDocumentTitle } from "../../lib/document-title";
import { signIn } from "../../state/session";
import { Checkbox, fieldId, TextField } from "./Field";
import formStyles from "./Form.module.css";
import { FormProblem, useForm } from "./form";
import styles from "./Staff.module.css";

/** Where to go after signing in: a staff page of this site only (never another origin). */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/staff") || next.startsWith("/staff/dang-nhap")) {
    return "/staff";
  }
  return next;
}

/**
 * The staff sign-in (/staff/dang-nhap): username and password, then the 6-digit code when the
 * account has the second factor on. Wrong credentials, a locked account and a throttled
 * address are told with the API's own words in the page's language. A password reset by an
 * admin leads to the password change page first.
 */
export default function SignInPage() {
  useDocumentTitle(t("staff.signIn.title"));
  const { query, route } = useLocation();
  const form = useForm();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [step, setStep] = useState<"password" | "totp">("password");
  const [code, setCode] = useState("");
  const [codeWrong, setCodeWrong] = useState(false);
  const codeRef = useRef<HTMLDivElement>(null);
  const next = safeNext(query.next);

  useEffect(() => {
    if (step === "totp") codeRef.current?.querySelector("input")?.focus();
  }, [step]);

  const submit = (event: Event) => {
    event.preventDefault();
    setCodeWrong(false);
    void form.run(
      async () => {
        try {
          const result = await signIn({
            username,
            password,
            ...(step === "totp" ? { totpCode: code.replace(/\s/g, "") } : {}),
          });
          if (result.mustChangePassword) {
            route(`${STAFF_CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`, true);
          } else {
            route(next, true);
          }
        } catch (error) {
          if (error instanceof ApiProblem && error.slug === "totp-required") {
            setStep("totp");
            return;
          }
          if (step === "totp" && error instanceof ApiProblem && error.slug === "invalid-credentials") {
            setCodeWrong(true);
          }
          throw error;
        }
      },
      step === "totp" && !/^\d{6}$/.test(code.replace(/\s/g, "")) ? { totpCode: "staff.signIn.codeFormat" } : undefined,
    );
  };

  const errors = { ...form.errors };
  if (codeWrong) errors.totpCode = t("staff.signIn.codeWrong");

  return (
    <section class={styles.signInCard} aria-labelledby="page-title">
      <h1 id="page-title">{t("staff.signIn.title")}</h1>
      <p class="muted">{t("staff.signIn.intro")}</p>
      {query.signedOut === "1" && (
        <p class={styles.notice} role="status">
          {t("staff.signIn.signedOut")}
        </p>
      )}
      {query.everywhere !== undefined && (
        <p class={styles.notice} role="status">
          {t("staff.signIn.signedOutEverywhere", { n: Number(query.everywhere) || 0 })}
        </p>
      )}
      <form ref={form.formRef} noValidate onSubmit={submit} aria-describedby="sign-in-help">
        {!codeWrong && <FormProblem form={form} known={["username", "password", "totpCode"]} />}
        <TextField
          path="username"
          label={t("staff.signIn.username")}
          value={username}
          onInput={setUsername}
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          readOnly={step === "totp"}
          required
          error={errors.username}
        />
        <TextField
          path="password"
          label={t("staff.signIn.password")}
          type={showPassword ? "text" : "password"}
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
          autoCapitalize="none"
          spellcheck={false}
          readOnly={step === "totp"}
          required
          error={errors.password}
        />
        {step === "password" && (
          <Checkbox
            path="showPassword"
            label={t("staff.signIn.showPassword")}
            checked={showPassword}
            onChange={setShowPassword}
          />
        )}
        {step === "totp" && (
          <div ref={codeRef}>
            <p class={styles.notice} id="totp-explain">
              {t("staff.signIn.totpIntro")}
            </p>
            <TextField
              path="totpCode"
              label={t("staff.signIn.code")}
              hint={t("staff.signIn.codeHint")}
              value={code}
              onInput={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              error={errors.totpCode}
            />
          </div>
        )}
        <div class={formStyles.actions}>
          <button type="submit" class="button" disabled={form.busy}>
            {form.busy ? t("staff.signIn.busy") : t("staff.signIn.submit")}
          </button>
          {step === "totp" && (
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                setStep("password");
                setCode("");
                setCodeWrong(false);
                form.reset();
                document.getElementById(fieldId("password"))?.focus();
              }}
            >
              {t("staff.signIn.back")}
            </button>
          )}
        </div>
      </form>
      <p id="sign-in-help" class="muted">
        {t("staff.signIn.forgot")}
      </p>
    </section>
  );
}
