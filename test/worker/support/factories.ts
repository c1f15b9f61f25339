import type {
  AgencyRow,
  CounterRow,
  NewAgency,
  NewCounter,
  NewProcedure,
  NewUnit,
  ProcedureRow,
  SurveyTemplateRow,
  UnitRow,
} from "../../../schema/db/database";
import type { Db } from "../../../worker/db";

/** A short unique suffix so that every test builds its own rows. */
export function uniq(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 10);
}

export async function createAgency(db: Db, over: Partial<NewAgency> = {}): Promise<AgencyRow> {
  return db
    .insertInto("agencies")
    .values({
      code: `T${uniq()}`,
      name: "Sở Khoa học và Công nghệ (thử nghiệm)",
      province_code: "68",
      hotline: "0263 3822 000",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUnit(db: Db, agencyId: string, over: Partial<NewUnit> = {}): Promise<UnitRow> {
  return db
    .insertInto("units")
    .values({ agency_id: agencyId, code: `U${uniq()}`, name: "Văn phòng Sở", kind: "office", ...over })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createSurveyTemplate(
  db: Db,
  agencyId: string,
  kind: "sipas" | "quick" = "quick",
): Promise<SurveyTemplateRow> {
  return db
    .insertInto("survey_templates")
    .values({
      agency_id: agencyId,
      code: kind,
      version: 1,
      kind,
      name: kind === "sipas" ? "Khảo sát SIPAS" : "Đánh giá nhanh tại quầy",
      name_en: kind === "sipas" ? "SIPAS survey" : "Quick counter rating",
      scale_levels: kind === "sipas" ? 5 : 3,
      published_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCounter(
  db: Db,
  agencyId: string,
  unitId: string,
  over: Partial<NewCounter> = {},
): Promise<CounterRow> {
  return db
    .insertInto("counters")
    .values({
      agency_id: agencyId,
      unit_id: unitId,
      code: `Q${uniq()}`,
      public_code: uniq(),
      name: "Quầy số 1",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createProcedure(
  db: Db,
  agencyId: string,
  unitId: string,
  over: Partial<NewProcedure> = {},
): Promise<ProcedureRow> {
  return db
    .insertInto("procedures")
    .values({
      agency_id: agencyId,
      unit_id: unitId,
      national_code: `1.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`,
      name: "Thủ tục cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
      field: "Hoạt động khoa học và công nghệ",
      processing_time: 15,
      processing_time_unit: "working_days",
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An agency with one unit, one quick-form counter and one procedure: the smallest world. */
export async function createWorld(db: Db) {
  const agency = await createAgency(db);
  const unit = await createUnit(db, agency.id);
  const template = await createSurveyTemplate(db, agency.id, "quick");
  const counter = await createCounter(db, agency.id, unit.id, { survey_template_id: template.id });
  const procedure = await createProcedure(db, agency.id, unit.id);
  return { agency, unit, template, counter, procedure };
}
