import { signal } from "@preact/signals";
import type { ComponentType } from "preact";
import { LocationProvider, lazy, Route, Router, useLocation } from "preact-iso";
import { ApiOfflineError } from "./api/errors";
import { PageErrorBoundary } from "./components/PageErrorBoundary";
import { Shell } from "./components/Shell";
import { ErrorNotice, Loading } from "./components/Status";

/**
 * A page loaded on demand, so each page's code ships only to those who open it (the citizen's
 * QR page stays small). A chunk that fails to load (offline, a deploy replaced it) shows an
 * error with a reload instead of an empty page.
 */
function page<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(() =>
    load().catch((cause: unknown) => {
      console.warn("page failed to load", cause);
      return { default: PageLoadFailed as ComponentType<P> };
    }),
  );
}

function PageLoadFailed() {
  return <ErrorNotice error={new ApiOfflineError()} onRetry={() => location.reload()} />;
}

const HomePage = page(() => import("./pages/home/HomePage"));
const CounterPage = page(() => import("./pages/counter/CounterPage"));
const FileRatePage = page(() => import("./pages/rate/FileRatePage"));
const FileCodePage = page(() => import("./pages/rate/FileCodePage"));
const KioskPage = page(() => import("./pages/rate/KioskPage"));
const StaffPage = page(() => import("./pages/staff/StaffPage"));
const StaffSignInPage = page(() => import("./pages/staff/SignInPage"));
const AdminArea = page(() => import("./pages/admin/AdminArea"));
const NotFoundPage = page(() => import("./pages/not-found/NotFoundPage"));
const DashboardPage = page(() => import("./pages/dashboard/DashboardPage"));
const FollowUpsPage = page(() => import("./pages/dashboard/FollowUpsPage"));
const ActionsPage = page(() => import("./pages/dashboard/ActionsPage"));
const ReportPage = page(() => import("./pages/dashboard/ReportPage"));
const TransparencyPage = page(() => import("./pages/transparency/TransparencyPage"));
const IntakePage = page(() => import("./pages/petition/IntakePage"));
const CaseStatusPage = page(() => import("./pages/petition/StatusPage"));
const PublishedAnswersPage = page(() => import("./pages/petition/PublishedPage"));
const CaseQueuePage = page(() => import("./pages/cases/QueuePage"));
const CasePage = page(() => import("./pages/cases/CasePage"));
const FilesArea = page(() => import("./pages/files/FilesArea"));

const pageLoading = signal(false);

/** After a navigation, move focus to the new page so screen readers announce it. */
function focusMain() {
  document.getElementById("main")?.focus({ preventScroll: true });
}

/** The routes. Each page is its own chunk; a page that fails shows an error inside the shell. */
function Pages() {
  const { url } = useLocation();
  return (
    <PageErrorBoundary resetKey={url}>
      {pageLoading.value && <Loading />}
      <Router
        onLoadStart={() => {
          pageLoading.value = true;
        }}
        onLoadEnd={() => {
          pageLoading.value = false;
        }}
        onRouteChange={focusMain}
      >
        <Route path="/" component={HomePage} />
        <Route path="/q/:publicCode" component={CounterPage} />
        <Route path="/r/:token?" component={FileRatePage} />
        <Route path="/ho-so/:agencyCode" component={FileCodePage} />
        <Route path="/kiosk/:publicCode" component={KioskPage} />
        <Route path="/staff/dashboard" component={DashboardPage} />
        <Route path="/staff/dashboard/follow-ups" component={FollowUpsPage} />
        <Route path="/staff/dashboard/actions" component={ActionsPage} />
        <Route path="/staff/dashboard/report" component={ReportPage} />
        <Route path="/cong-khai/:agencyCode" component={TransparencyPage} />
        <Route path="/gop-y" component={IntakePage} />
        <Route path="/tra-cuu" component={CaseStatusPage} />
        <Route path="/tra-cuu/:code" component={CaseStatusPage} />
        <Route path="/tra-loi" component={PublishedAnswersPage} />
        <Route path="/staff/cases" component={CaseQueuePage} />
        <Route path="/staff/cases/:id" component={CasePage} />
        <Route path="/staff/files" component={FilesArea} />
        <Route path="/staff/files/*" component={FilesArea} />
        <Route path="/staff/dang-nhap" component={StaffSignInPage} />
        <Route path="/staff/quan-tri" component={AdminArea} />
        <Route path="/staff/quan-tri/*" component={AdminArea} />
        <Route path="/staff" component={StaffPage} />
        <Route path="/staff/*" component={StaffPage} />
        <Route default component={NotFoundPage} />
      </Router>
    </PageErrorBoundary>
  );
}

export function App() {
  return (
    <LocationProvider>
      <Shell>
        <Pages />
      </Shell>
    </LocationProvider>
  );
}
