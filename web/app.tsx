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
const StaffPage = page(() => import("./pages/staff/StaffPage"));
const NotFoundPage = page(() => import("./pages/not-found/NotFoundPage"));

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
