import { useCallback, useEffect, useState } from "preact/hooks";

/** What a page knows about data it loads: still loading, loaded, or failed (with the error). */
export type Resource<T> = { status: "loading" } | { status: "ready"; data: T } | { status: "error"; error: unknown };

/**
 * Loads data for a component: `load` runs on mount and whenever `deps` change, is aborted on
 * unmount, and can be retried. Errors are kept for the page to show (see ErrorNotice).
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  // `deps` stand for `load`'s inputs (a new closure each render, so not a dependency itself).
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, retry];
}
