import "../../i18n/cases";
import type { ComponentChildren } from "preact";
import type { Me } from "../../../schema/api/accounts";
import { getStaffMe } from "../../api/cases";
import { ApiProblem } from "../../api/errors";
import { ErrorNotice, Loading } from "../../components/Status";
import { t } from "../../i18n";
import { useResource } from "../../state/resource";

/**
 * Shows its children to a signed-in staff member (GET /api/auth/me), else a link to the staff
 * area's sign-in. The staff shell replaces this when it arrives.
 */
export function StaffGate({ children }: { children: (me: Me) => ComponentChildren }) {
  const [state, retry] = useResource((signal) => getStaffMe({ signal }), []);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error instanceof ApiProblem && state.error.status === 401) {
      return (
        <section aria-labelledby="page-title">
          <h1 id="page-title">{t("cases.queue.title")}</h1>
          <p>{t("cases.staff.signIn")}</p>
          <a class="button" href="/staff">
            {t("cases.staff.signInLink")}
          </a>
        </section>
      );
    }
    return <ErrorNotice error={state.error} onRetry={retry} />;
  }
  return <>{children(state.data)}</>;
}
