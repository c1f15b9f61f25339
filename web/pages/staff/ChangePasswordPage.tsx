import "../../i18n/staff";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Me } from "../../../schema/api/accounts";
import { changePassword } from "../../api/staff";
import { type MessageKey, t } from "../../i18n";
import { passwordChanged } from "../../state/session";
import { TextField } from "./Field";
import formStyles from "./Form.module.css";
import { FormProblem, Saved, useForm } from "./form";
import { safeNext } from "./SignInPage";
import styles from "./Staff.module.css";
import { StaffLayout } from "./StaffLayout";

/**
 * /staff/doi-mat-khau: one's own password. After an admin reset it is the only page open
 * until the one-time password is replaced; then the person goes on where they were heading.
 * Other sessions of the account end (the API does it).
 */
export default function ChangePasswordPage() {
  return (
    <StaffLayout title={t("staff.password.title")} passwordChangePage>
      {(me) => <ChangePasswordForm me={me} />}
    </StaffLayout>
  );
}

function ChangePasswordForm({ me }: { me: Me }) {
  const { query, route } = useLocation();
  const form = useForm();
  const forced = me.mustChangePassword;
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [again, setAgain] = useState("");
  const [done, setDone] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const local: Record<string, MessageKey> = {};
    if (!current) local.currentPassword = "staff.form.required";
    if (!fresh) local.newPassword = "staff.form.required";
    if (fresh && again !== fresh) local.confirmPassword = "staff.password.mismatch";
    void form.run(async () => {
      await changePassword({ currentPassword: current, newPassword: fresh });
      await passwordChanged();
      setCurrent("");
      setFresh("");
      setAgain("");
      if (forced) route(safeNext(query.next), true);
      else setDone(true);
    }, local);
  };

  return (
    <>
      {forced && (
        <div class={styles.notice}>
          <p>{t("staff.password.forced")}</p>
        </div>
      )}
      {done && <Saved>{t("staff.password.done")}</Saved>}
      <form ref={form.formRef} class={formStyles.form} noValidate onSubmit={submit}>
        <FormProblem form={form} known={["currentPassword", "newPassword", "confirmPassword"]} />
        {/* For password managers: which account this password belongs to. */}
        <input type="text" hidden autoComplete="username" value={me.staff.username} readOnly />
        <TextField
          path="currentPassword"
          type="password"
          label={forced ? t("staff.password.oneTime") : t("staff.password.current")}
          value={current}
          onInput={setCurrent}
          autoComplete="current-password"
          required
          error={form.errors.currentPassword}
        />
        <TextField
          path="newPassword"
          type="password"
          label={t("staff.password.new")}
          hint={t("staff.password.newHint")}
          value={fresh}
          onInput={setFresh}
          autoComplete="new-password"
          required
          error={form.errors.newPassword}
        />
        <TextField
          path="confirmPassword"
          type="password"
          label={t("staff.password.confirm")}
          value={again}
          onInput={setAgain}
          autoComplete="new-password"
          required
          error={form.errors.confirmPassword}
        />
        <div class={formStyles.actions}>
          <button type="submit" class="button" disabled={form.busy}>
            {t("staff.password.submit")}
          </button>
          {!forced && (
            <a class="button button-secondary" href="/staff/tai-khoan">
              {t("staff.form.cancel")}
            </a>
          )}
        </div>
      </form>
    </>
  );
}
