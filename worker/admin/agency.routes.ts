import { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { type AgencyProfile, AgencyProfileUpdateSchema, LeaderContactSchema } from "../../schema/api/admin";
import type { PublishedLeader } from "../../schema/api/public";
import type { Database } from "../../schema/db/database";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { auditSettingsChange, diff } from "./changes";

/** The default basis of the 95% target [DOMAIN §0.3: QĐ 2629/QĐ-TTg, P]. */
export const DEFAULT_TARGET_BASIS = "QĐ 2629/QĐ-TTg ngày 01/12/2025";

const StoredLeaders = z.array(LeaderContactSchema);

/** The leaders' contacts the agency publishes, from its settings (empty when none are valid). */
export function publishedLeaders(settings: Record<string, unknown>): PublishedLeader[] {
  const leaders = StoredLeaders.safeParse(settings.leaders);
  return leaders.success
    ? leaders.data.map((l) => ({ title: l.title, name: l.name, phone: l.phone ?? null, email: l.email ?? null }))
    : [];
}

/** The agency profile as the admin pages and the public pages read it. */
export async function findAgencyProfile(db: Kysely<Database>, agencyId: string): Promise<AgencyProfile | undefined> {
  const row = await db.selectFrom("agencies").where("id", "=", agencyId).selectAll().executeTakeFirst();
  if (!row) return undefined;
  const basis = row.settings.satisfactionTargetBasis;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    provinceCode: row.province_code,
    communeCode: row.commune_code,
    address: row.address,
    hotline: row.hotline,
    email: row.email,
    website: row.website,
    satisfactionTarget: Number(row.satisfaction_target),
    satisfactionTargetBasis: typeof basis === "string" ? basis : DEFAULT_TARGET_BASIS,
    leaders: publishedLeaders(row.settings),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The agency profile (/api/admin/agency): contacts, leaders' published contacts, satisfaction target. */
export const agencyRoutes = new Hono<AppEnv>();

agencyRoutes.get("/", async (c) => {
  const profile = await findAgencyProfile(c.var.db, currentStaff(c).agencyId);
  if (!profile) throw new ProblemError("not-found");
  return c.json(profile);
});

agencyRoutes.put("/", validate("json", AgencyProfileUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const profile = await c.var.db.transaction().execute(async (trx) => {
    const before = await findAgencyProfile(trx, staff.agencyId);
    if (!before) throw new ProblemError("not-found");
    const leaders = input.leaders.map((l) => ({
      title: l.title,
      name: l.name,
      phone: l.phone ?? null,
      email: l.email ?? null,
    }));
    // Other features keep their own keys in settings: merge, never replace.
    const settingsPatch = JSON.stringify({
      leaders,
      satisfactionTargetBasis: input.satisfactionTargetBasis ?? null,
    });
    await trx
      .updateTable("agencies")
      .set({
        name: input.name,
        short_name: input.shortName ?? null,
        address: input.address ?? null,
        hotline: input.hotline ?? null,
        email: input.email ?? null,
        website: input.website ?? null,
        satisfaction_target: input.satisfactionTarget,
        // ::text first: a parameter typed jsonb would be sent as a JSON string, not an object.
        settings: sql<string>`settings || ${settingsPatch}::text::jsonb`,
        updated_at: new Date(),
      })
      .where("id", "=", staff.agencyId)
      .execute();
    const after = await findAgencyProfile(trx, staff.agencyId);
    if (!after) throw new ProblemError("not-found");
    const changes = diff(before, after, [
      "name",
      "shortName",
      "address",
      "hotline",
      "email",
      "website",
      "satisfactionTarget",
      "satisfactionTargetBasis",
      "leaders",
    ]);
    if (Object.keys(changes).length > 0) {
      await auditSettingsChange(trx, staff, { entity: "agency", op: "update", id: staff.agencyId, changes });
    }
    return after;
  });
  return c.json(profile);
});
