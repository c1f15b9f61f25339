import "../../i18n/files";
import { Route, Router } from "preact-iso";
import ApologyFormPage from "./ApologyFormPage";
import ApologyPrintPage from "./ApologyPrintPage";
import FileNewPage from "./FileNewPage";
import FilePage from "./FilePage";
import FilesAlertsPage from "./FilesAlertsPage";
import FilesImportPage from "./FilesImportPage";
import FilesListPage from "./FilesListPage";
import ReturnSlipPage from "./ReturnSlipPage";

/**
 * The files area (/staff/files/*): one chunk for its pages; pdf-lib and the letter font load
 * only when a PDF is made.
 */
export default function FilesArea() {
  return (
    <Router>
      <Route path="/" component={FilesListPage} />
      <Route path="/new" component={FileNewPage} />
      <Route path="/import" component={FilesImportPage} />
      <Route path="/alerts" component={FilesAlertsPage} />
      <Route path="/:id/apology/print" component={ApologyPrintPage} />
      <Route path="/:id/apology" component={ApologyFormPage} />
      <Route path="/:id/slip" component={ReturnSlipPage} />
      <Route path="/:id" component={FilePage} />
    </Router>
  );
}
