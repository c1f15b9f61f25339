/**
 * The dashboard part of the demo: corrective actions of the kind the departmental plans ask
 * for (every criterion rated average or below gets an action with an owner and a date), so that
 * the dashboard shows open, overdue and finished ones. Rating rollups need nothing here: the
 * triggers of migration 0007 fill them as the demo seed inserts its ratings.
 *
 * Call after `seedDemo` (idempotent: nothing is written when the agency already has actions):
 *   await seedDashboardDemo(db, DEMO_AGENCY_CODE, { today: new Date() });
 * `rebuild: true` also recomputes the rollups (after a bulk load that bypassed the triggers).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../schema/db/database";
import { UNIT } from "./demo-agency";

export interface DashboardDemoOptions {
  today?: Date;
  rebuild?: boolean;
}

function localDay(d: Date, offsetDays: number): string {
  return new Date(d.getTime() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export async function seedDashboardDemo(
  db: Kysely<Database>,
  agencyCode: string,
  options: DashboardDemoOptions = {},
): Promise<{ actions: number; rebuiltDays: number }> {
  const today = options.today ?? new Date();
  const agency = await db.selectFrom("agencies").where("code", "=", agencyCode).select("id").executeTakeFirst();
  if (!agency) throw new Error(`no agency ${agencyCode}; run the demo seed first`);
  let rebuiltDays = 0;
  if (options.rebuild) {
    const { rows } = await sql<{ days: number }>`SELECT rating_rollup_rebuild(${agency.id}::uuid) AS days`.execute(db);
    rebuiltDays = rows[0]?.days ?? 0;
  }
  const existing = await db
    .selectFrom("corrective_actions")
    .where("agency_id", "=", agency.id)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  if (existing.n > 0) return { actions: 0, rebuiltDays };

  const units = await db.selectFrom("units").where("agency_id", "=", agency.id).select(["id", "code"]).execute();
  const unit = (code: string) => units.find((u) => u.code === code)?.id;
  const criterion = async (code: string) =>
    (
      await db
        .selectFrom("survey_criteria as c")
        .innerJoin("survey_templates as t", "t.id", "c.template_id")
        .where("c.agency_id", "=", agency.id)
        .where("c.code", "=", code)
        .orderBy("t.version", "desc")
        .select("c.id")
        .executeTakeFirst()
    )?.id;
  const staff = async (username: string) =>
    (
      await db
        .selectFrom("staff_users")
        .where("agency_id", "=", agency.id)
        .where("username", "=", username)
        .select("id")
        .executeTakeFirst()
    )?.id ?? null;

  const standards = unit(UNIT.standards);
  const oneStop = unit(UNIT.oneStop);
  const manager = await staff("khcn68.thuha");
  const officer = await staff("khcn68.maianh");
  if (!standards || !oneStop) throw new Error("the demo units are missing");
  const explain = await criterion("e3c3");
  const contacts = await criterion("ind3");
  const seats = await criterion("e1c1");

  const rows = [
    {
      unit_id: standards,
      title: "Tập huấn cán bộ Chi cục hướng dẫn đầy đủ thành phần hồ sơ công bố hợp quy ngay lần đầu",
      description:
        "Tiêu chí giải thích, hướng dẫn và số lần liên hệ bổ sung hồ sơ bị đánh giá từ mức Bình thường trở xuống.",
      source: explain ? ("criterion" as const) : ("other" as const),
      criterion_id: explain ?? null,
      owner_id: manager,
      due_on: localDay(today, -5),
      status: "in_progress" as const,
      evidence: null,
      closed_at: null,
    },
    {
      unit_id: standards,
      title: "Ban hành danh mục hồ sơ mẫu cho thủ tục công bố hợp quy, niêm yết tại quầy và trên Cổng thông tin",
      description: null,
      source: contacts ? ("criterion" as const) : ("other" as const),
      criterion_id: contacts ?? null,
      owner_id: manager,
      due_on: localDay(today, 20),
      status: "open" as const,
      evidence: null,
      closed_at: null,
    },
    {
      unit_id: oneStop,
      title: "Bổ sung ghế ngồi chờ và nước uống tại khu vực quầy của Sở",
      description: null,
      source: seats ? ("criterion" as const) : ("other" as const),
      criterion_id: seats ?? null,
      owner_id: officer,
      due_on: localDay(today, -20),
      status: "done" as const,
      evidence:
        "Đã bố trí thêm 12 ghế chờ và cây nước (biên bản bàn giao ngày " +
        localDay(today, -25).split("-").reverse().join("/") +
        ").",
      closed_at: new Date(today.getTime() - 25 * 86_400_000),
    },
  ];
  await db
    .insertInto("corrective_actions")
    .values(
      rows.map((r) => ({
        ...r,
        agency_id: agency.id,
        created_by: manager,
        created_at: new Date(today.getTime() - 30 * 86_400_000),
      })),
    )
    .execute();
  return { actions: rows.length, rebuiltDays };
}
