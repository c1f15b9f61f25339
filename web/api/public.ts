import { type PublicCounter, PublicCounterSchema } from "../../schema/api/public";
import { apiGet, type RequestOptions } from "./client";

/** The counter behind a QR code, with its unit, agency (and contacts) and survey. */
export function getPublicCounter(publicCode: string, options?: RequestOptions): Promise<PublicCounter> {
  return apiGet(`/api/public/counters/${encodeURIComponent(publicCode)}`, PublicCounterSchema, options);
}
