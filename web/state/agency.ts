import { signal } from "@preact/signals";
import type { PublicAgency } from "../../schema/api/public";

/**
 * The agency whose page is open (a counter's QR landing, later its other citizen pages).
 * The shell shows its name in the header and its contacts in the footer; null elsewhere.
 */
export const currentAgency = signal<PublicAgency | null>(null);
