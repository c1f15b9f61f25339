import "../../i18n/admin";
import { lazy, Route, Router } from "preact-iso";
import { t } from "../../i18n";
import AccountFormPage from "./AccountFormPage";
import AccountsPage from "./AccountsPage";
import AdminHome from "./AdminHome";
import { AdminLayout } from "./AdminLayout";
import AgencyPage from "./AgencyPage";
import AuditPage from "./AuditPage";
import CalendarPage from "./CalendarPage";
import CounterFormPage from "./CounterFormPage";
import CountersPage from "./CountersPage";
import DeadlineRulesPage from "./DeadlineRulesPage";
import ProcedureFormPage from "./ProcedureFormPage";
import ProceduresImportPage from "./ProceduresImportPage";
import ProceduresPage from "./ProceduresPage";
import RoutingRulesPage from "./RoutingRulesPage";
import SurveyTemplatePage from "./SurveyTemplatePage";
import SurveyTemplatesPage from "./SurveyTemplatesPage";
import UnitFormPage from "./UnitFormPage";
import UnitsPage from "./UnitsPage";

/** The QR poster carries the QR library: loaded only when a poster is opened. */
const PosterPage = lazy(() => import("./PosterPage"));

/**
 * The agency administration (/staff/quan-tri/*), one chunk for its pages (the staff area's,
 * never the citizen's). Survey templates and routing rules have pages here; their APIs belong to
 * their features (worker/ratings, worker/cases).
 */
export default function AdminArea() {
  return (
    <Router>
      <Route path="/" component={AdminHome} />
      <Route path="/co-quan" component={AgencyPage} />
      <Route path="/don-vi" component={UnitsPage} />
      <Route path="/don-vi/moi" component={UnitFormPage} />
      <Route path="/don-vi/:id" component={UnitFormPage} />
      <Route path="/quay" component={CountersPage} />
      <Route path="/quay/moi" component={CounterFormPage} />
      <Route path="/quay/:id/ma-qr" component={PosterPage} />
      <Route path="/quay/:id" component={CounterFormPage} />
      <Route path="/thu-tuc" component={ProceduresPage} />
      <Route path="/thu-tuc/nhap-csv" component={ProceduresImportPage} />
      <Route path="/thu-tuc/moi" component={ProcedureFormPage} />
      <Route path="/thu-tuc/:id" component={ProcedureFormPage} />
      <Route path="/tai-khoan" component={AccountsPage} />
      <Route path="/tai-khoan/moi" component={AccountFormPage} />
      <Route path="/tai-khoan/:id" component={AccountFormPage} />
      <Route path="/nhat-ky" component={AuditPage} />
      <Route path="/phieu-khao-sat" component={SurveyTemplatesPage} />
      <Route path="/phieu-khao-sat/:id" component={SurveyTemplatePage} />
      <Route path="/phan-luong" component={RoutingRulesPage} />
      <Route path="/lich-nghi" component={CalendarPage} />
      <Route path="/thoi-han" component={DeadlineRulesPage} />
      <Route default component={AdminNotFound} />
    </Router>
  );
}

function AdminNotFound() {
  return <AdminLayout title={t("notFound.title")}>{() => <p>{t("notFound.body")}</p>}</AdminLayout>;
}
