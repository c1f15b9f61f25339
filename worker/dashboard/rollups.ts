/**
 * Rating rollups (rating_daily, rating_item_daily, rating_hourly; migration 0007): kept current
 * on every write by database triggers, so nothing here runs on the rating path. This is the
 * rebuild path: after a bulk load that bypassed the triggers, a restore, or to check them.
 */
import { sql } from "kysely";
import type { Db } from "../db";

/**
 * Recomputes an agency's rollups from its submissions for the local days [from, to] (every
 * day when omitted), in one transaction; writers wait for it and add on top of the result.
 * Returns the number of days recomputed.
 */
export async function rebuildRollups(
  db: Db,
  agencyId: string,
  range: { from?: string; to?: string } = {},
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ days: number }>`
      SELECT rating_rollup_rebuild(${agencyId}::uuid, ${range.from ?? null}::date, ${range.to ?? null}::date) AS days`.execute(
      trx,
    );
    return rows[0]?.days ?? 0;
  });
}
