/**
 * Routing rules of the demo agency's cases (table case_routing_rules): which unit handles a
 * petition, complaint or denunciation. Idempotent (existing rules are kept).
 *
 * Call it after the demo agency exists, e.g. in scripts/seed/all.ts after `seedDemo(db)`:
 *
 *   import { seedCaseRoutingRules } from "./case-rules";
 *   await seedCaseRoutingRules(db);
 *
 * - Complaints and denunciations go to the unit the Director designates. The demo keeps the unit
 *   named "Thanh tra Sở" (code TTRA) in older organisation charts; since 01/07/2025 a Sở has no
 *   inspectorate in law (Luật Thanh tra 84/2025/QH15), so a real agency names its own unit here.
 * - Petitions (PAKN) go to the office (Văn phòng Sở), except those about the sub-department's
 *   own work (standards, metrology, quality), which it answers itself.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";
import { DEMO_AGENCY_CODE, UNIT } from "./demo-agency";

interface RuleSpec {
  kind: "petition" | "complaint" | "denunciation" | null;
  source?: string;
  handler: string;
  note: string;
}

const RULES: readonly RuleSpec[] = [
  { kind: "complaint", handler: UNIT.inspectorate, note: "Khiếu nại: đơn vị tham mưu do Giám đốc Sở phân công." },
  { kind: "denunciation", handler: UNIT.inspectorate, note: "Tố cáo: đơn vị tham mưu do Giám đốc Sở phân công." },
  { kind: "petition", handler: UNIT.office, note: "Phản ánh, kiến nghị: Văn phòng Sở tiếp nhận, tham mưu trả lời." },
  {
    kind: "petition",
    source: UNIT.standards,
    handler: UNIT.standards,
    note: "Phản ánh về tiêu chuẩn, đo lường, chất lượng: Chi cục trả lời trực tiếp.",
  },
];

/** Inserts the demo agency's routing rules; returns how many were added now (0 when the agency is missing). */
export async function seedCaseRoutingRules(db: Kysely<Database>, agencyCode = DEMO_AGENCY_CODE): Promise<number> {
  const agency = await db.selectFrom("agencies").where("code", "=", agencyCode).select("id").executeTakeFirst();
  if (!agency) return 0;
  const units = await db.selectFrom("units").where("agency_id", "=", agency.id).select(["id", "code"]).execute();
  const unitId = (code: string) => units.find((u) => u.code === code)?.id;
  const rows = RULES.flatMap((r) => {
    const handler = unitId(r.handler);
    const source = r.source ? unitId(r.source) : null;
    if (!handler || source === undefined) return [];
    return [
      {
        agency_id: agency.id,
        case_kind: r.kind,
        source_unit_id: source,
        procedure_id: null,
        handling_unit_id: handler,
        note: r.note,
      },
    ];
  });
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto("case_routing_rules")
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}
