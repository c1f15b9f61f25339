import type { Db } from "../db";

/** A counter by the public code printed in its QR, with its unit, agency and survey. */
export function findPublicCounter(db: Db, publicCode: string) {
  return db
    .selectFrom("counters as c")
    .innerJoin("agencies as a", "a.id", "c.agency_id")
    .innerJoin("units as u", (j) => j.onRef("u.agency_id", "=", "c.agency_id").onRef("u.id", "=", "c.unit_id"))
    .leftJoin("survey_templates as t", (j) =>
      j.onRef("t.agency_id", "=", "c.agency_id").onRef("t.id", "=", "c.survey_template_id"),
    )
    .where("c.public_code", "=", publicCode)
    .where("c.active", "=", true)
    .select([
      "c.public_code",
      "c.name",
      "c.location",
      "u.name as unit_name",
      "a.code as agency_code",
      "a.name as agency_name",
      "a.short_name as agency_short_name",
      "a.address as agency_address",
      "a.hotline as agency_hotline",
      "a.email as agency_email",
      "a.website as agency_website",
      "a.satisfaction_target",
      "a.settings as agency_settings",
      "t.id as template_id",
      "t.kind as template_kind",
      "t.name as template_name",
      "t.name_en as template_name_en",
      "t.version as template_version",
    ])
    .executeTakeFirst();
}

export function findPublicAgency(db: Db, code: string) {
  return db
    .selectFrom("agencies")
    .where("code", "=", code)
    .select(["code", "name", "short_name", "address", "hotline", "email", "website", "satisfaction_target", "settings"])
    .executeTakeFirst();
}
