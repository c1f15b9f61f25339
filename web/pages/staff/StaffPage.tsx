import "../../i18n/staff";
import { Route, Router } from "preact-iso";
import { t } from "../../i18n";
import AccountPage from "./AccountPage";
import ChangePasswordPage from "./ChangePasswordPage";
import StaffHome from "./StaffHome";
import { StaffLayout } from "./StaffLayout";

/**
 * The staff area (/staff, /staff/*): the home page with the areas of one's role, one's own
 * account (sessions, second factor) and the password change. The sign-in page and the agency
 * administration are chunks of their own; cases, files and the dashboard are other features.
 */
export default function StaffPage() {
  return (
    <Router>
      <Route path="/" component={StaffHome} />
      <Route path="/tai-khoan" component={AccountPage} />
      <Route path="/doi-mat-khau" component={ChangePasswordPage} />
      <Route default component={StaffNotFound} />
    </Router>
  );
}

function StaffNotFound() {
  return (
    <StaffLayout title={t("notFound.title")}>
      {() => (
        <>
          <p>{t("notFound.body")}</p>
          <a class="button button-secondary" href="/staff">
            {t("staff.backToHome")}
          </a>
        </>
      )}
    </StaffLayout>
  );
}
