import { describe, expect, it } from "vitest";
import { ProcedureImportResultSchema, ProcedureListSchema } from "../../schema/api/admin";
import { ProblemSchema } from "../../schema/api/problem";
import { parseCsv } from "../../worker/admin/csv";
import { parseProcedureImport, parseTimeUnit } from "../../worker/admin/procedures-import";
import { type StaffClient, staffSession } from "./support/accounts-factories";
import { createUnit } from "./support/factories";
import { testDb } from "./support/worker-env";

function postCsv(client: StaffClient, csv: string, dryRun = false) {
  return client.fetch(`/api/admin/procedures/import${dryRun ? "?dryRun=1" : ""}`, {
    method: "POST",
    body: csv,
    headers: { "content-type": "text/csv; charset=utf-8" },
  });
}

async function importWorld() {
  const db = testDb();
  const session = await staffSession(db, "admin");
  const office = await createUnit(db, session.agency.id, { code: "VP", name: "Văn phòng Sở" });
  const tech = await createUnit(db, session.agency.id, {
    code: "QLCN",
    name: "Phòng Quản lý công nghệ",
    kind: "division",
  });
  return { db, ...session, office, tech };
}

const GOOD = [
  "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Đơn vị tính,Mã đơn vị xử lý",
  '1.000894,"Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ, lần đầu",Hoạt động khoa học và công nghệ,15,ngày làm việc,QLCN',
  '1.000948.H38,Cấp giấy phép tiến hành công việc bức xạ,An toàn bức xạ và hạt nhân,"7,5",ngày làm việc,QLCN',
  "2.001234,Tiếp nhận hồ sơ đăng ký kết quả thực hiện nhiệm vụ,Hoạt động khoa học và công nghệ,,trong ngày,VP",
].join("\r\n");

describe("POST /api/admin/procedures/import", () => {
  it("imports the rows in one go, then re-importing the same file changes nothing", async () => {
    const { client, agency, db, tech } = await importWorld();
    const res = await postCsv(client, GOOD);
    expect(res.status).toBe(200);
    expect(ProcedureImportResultSchema.parse(await res.json())).toEqual({
      dryRun: false,
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      errors: [],
    });
    const list = ProcedureListSchema.parse(await (await client.get("/api/admin/procedures")).json());
    expect(list.procedures.map((p) => [p.nationalCode, p.processingTime, p.processingTimeUnit])).toEqual([
      ["1.000894", 15, "working_days"],
      ["1.000948.H38", 7.5, "working_days"],
      ["2.001234", 0, "same_day"],
    ]);
    expect(list.procedures[0]?.name).toContain("lần đầu");
    expect(list.procedures[0]?.unitId).toBe(tech.id);

    const again = ProcedureImportResultSchema.parse(await (await postCsv(client, GOOD)).json());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const changed = GOOD.replace(",15,ngày làm việc,", ",12,ngày làm việc,");
    expect(ProcedureImportResultSchema.parse(await (await postCsv(client, changed)).json())).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 2,
    });
    const audit = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agency.id)
      .where("action", "=", "procedure.imported")
      .orderBy("seq")
      .select("details")
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { rows: 3, created: ["1.000894", "1.000948.H38", "2.001234"], updated: [], unchanged: 0 },
      { rows: 3, created: [], updated: ["1.000894"], unchanged: 2 },
    ]);
  });

  it("previews with ?dryRun=1: counts what would change and lists every bad row by line, writing nothing", async () => {
    const { client, db, agency } = await importWorld();
    const csv = [
      GOOD,
      "TTHC-9,Tên thủ tục sai mã,Lĩnh vực,10,ngày làm việc,VP",
      "1.000894,Trùng mã với dòng 2,Lĩnh vực,10,ngày làm việc,VP",
      "1.000111,Thủ tục có đơn vị lạ,Lĩnh vực,10,tuần,KHONGCO",
      "1.000222,Thiếu cột",
    ].join("\n");
    const res = await postCsv(client, csv, true);
    expect(res.status).toBe(200);
    const result = ProcedureImportResultSchema.parse(await res.json());
    expect(result).toMatchObject({ dryRun: true, rows: 7, created: 3, updated: 0, unchanged: 0 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [5, "nationalCode"],
      [6, "nationalCode"],
      [7, "processingTimeUnit"],
      [7, "unitCode"],
      [8, null],
    ]);
    expect(result.errors[1]?.message).toBe("Mã thủ tục 1.000894 đã có ở dòng 2.");
    expect(result.errors[1]?.messageEn).toBe("Procedure code 1.000894 already appears on line 2.");
    expect(await db.selectFrom("procedures").where("agency_id", "=", agency.id).selectAll().execute()).toEqual([]);
  });

  it("writes nothing at all when any row is bad, and answers 422 naming the lines", async () => {
    const { client, db, agency } = await importWorld();
    const res = await postCsv(client, `${GOOD}\n1.000333,Thủ tục,Lĩnh vực,mười,ngày,VP`);
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors?.map((e) => e.path)).toEqual(["line 5.processingTime"]);
    expect(await db.selectFrom("procedures").where("agency_id", "=", agency.id).selectAll().execute()).toEqual([]);
  });

  it("accepts JSON { csv }, semicolon-separated files, a byte-order mark and no header row", async () => {
    const { client } = await importWorld();
    const csv = "\uFEFF1.000555;Thủ tục A;Lĩnh vực A;5 ngày làm việc;;VP\n1.000556;Thủ tục B;Lĩnh vực B;24;giờ;QLCN\n";
    const res = await client.post("/api/admin/procedures/import", { csv });
    expect(res.status).toBe(200);
    expect(ProcedureImportResultSchema.parse(await res.json())).toMatchObject({ rows: 2, created: 2 });
  });

  it("refuses a body that is neither text/csv nor JSON", async () => {
    const { client } = await importWorld();
    const res = await client.fetch("/api/admin/procedures/import", {
      method: "POST",
      body: "<xml/>",
      headers: { "content-type": "application/xml" },
    });
    expect(res.status).toBe(415);
  });
});

describe("the CSV reader", () => {
  it("keeps quoted delimiters, doubled quotes and line breaks, and reports each record's first line", () => {
    const records = parseCsv('a,"b, c","say ""hi"""\n\n"multi\nline",x,y\r\nlast,1,2');
    expect(records).toEqual([
      { line: 1, cells: ["a", "b, c", 'say "hi"'] },
      { line: 3, cells: ["multi\nline", "x", "y"] },
      { line: 5, cells: ["last", "1", "2"] },
    ]);
  });

  it("reports an unterminated quote with its line instead of reading garbage", () => {
    const { errors } = parseProcedureImport('1.000894,"Tên chưa đóng ngoặc,X,1,ngày,VP', new Map([["VP", "u"]]));
    expect(errors).toEqual([
      { line: 1, field: null, message: expect.objectContaining({ en: expect.stringContaining("quoted") }) },
    ]);
  });

  it("reads the time units of the national list in Vietnamese and English", () => {
    expect(parseTimeUnit("Ngày làm việc")).toBe("working_days");
    expect(parseTimeUnit("ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")).toBe("working_days");
    expect(parseTimeUnit("ngày")).toBe("calendar_days");
    expect(parseTimeUnit("Giờ làm việc")).toBe("hours");
    expect(parseTimeUnit("Trong ngày")).toBe("same_day");
    expect(parseTimeUnit("calendar_days")).toBe("calendar_days");
    expect(parseTimeUnit("tuần")).toBeNull();
  });
});
