import { Hono } from "hono";
import { ReportQuerySchema } from "../../schema/api/dashboard";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { validate } from "../validation";
import { tablesToCsv } from "./csv";
import { periodicReport } from "./report.service";
import { reportTables, reportTitle } from "./report-tables";
import { tablesToXlsx } from "./xlsx";

/**
 * Periodic reports (/api/staff/reports/*): JSON for the printable page, CSV and XLSX to file.
 * Roles: worker/auth/policy.ts.
 */
export const reportsRoutes = new Hono<AppEnv>();

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

reportsRoutes.get("/periodic", validate("query", ReportQuerySchema), async (c) => {
  const query = c.req.valid("query");
  const report = await periodicReport(c.var.db, currentStaff(c), query, new Date());
  if (query.format === "json") return c.json(report);
  const fileName = `bao-cao-hai-long-${report.agency.code}-${query.kind}-${query.year}`;
  const title = `${reportTitle(report)} – ${report.agency.name}`;
  const tables = reportTables(report);
  if (query.format === "csv") {
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="${fileName}.csv"`);
    return c.body(tablesToCsv(title, tables));
  }
  c.header("content-type", XLSX_TYPE);
  c.header("content-disposition", `attachment; filename="${fileName}.xlsx"`);
  return c.body(await tablesToXlsx(title, tables));
});
