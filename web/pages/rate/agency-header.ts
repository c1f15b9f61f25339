import { useEffect } from "preact/hooks";
import type { PublicAgency } from "../../../schema/api/public";
import type { RatingFile } from "../../../schema/api/ratings";
import { getAgency } from "../../api/citizen";
import { currentAgency } from "../../state/agency";

/**
 * Shows the agency of a file in the shell (header name, footer hotline) while the page is open:
 * its name at once, its public contacts when they arrive (best effort: the rating works without).
 */
export function useFileAgency(agency: RatingFile["agency"] | null): void {
  const code = agency?.code ?? null;
  useEffect(() => {
    if (!agency) return;
    const controller = new AbortController();
    const minimal: PublicAgency = {
      ...agency,
      address: null,
      hotline: null,
      email: null,
      website: null,
      satisfactionTarget: 0,
      leaders: [],
    };
    currentAgency.value = minimal;
    getAgency(agency.code, { signal: controller.signal }).then(
      (full) => {
        if (!controller.signal.aborted) currentAgency.value = full;
      },
      () => {},
    );
    return () => {
      controller.abort();
      currentAgency.value = null;
    };
  }, [code]);
}

/** Shows an agency already loaded in full in the shell while the page is open. */
export function useAgency(agency: PublicAgency | null): void {
  useEffect(() => {
    currentAgency.value = agency;
    return () => {
      currentAgency.value = null;
    };
  }, [agency]);
}
