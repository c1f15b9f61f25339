import { Hono } from "hono";
import { IdParamSchema } from "../../schema/api/admin";
import { SurveyDraftUpdateSchema } from "../../schema/api/admin-surveys";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { validate } from "../validation";
import {
  createDraft,
  deleteDraft,
  listTemplates,
  publishDraft,
  retireVersion,
  templateDetail,
  updateDraft,
} from "./survey-templates.admin.service";

/**
 * Survey templates (mẫu phiếu khảo sát) of the agency, mounted at /api/admin/survey-templates.
 * Reads: admin and managers; changes: the agency admin (worker/auth/policy.ts). Every change
 * runs in one transaction with its audit entry.
 */
export const surveyTemplatesAdminRoutes = new Hono<AppEnv>();

surveyTemplatesAdminRoutes.get("/", async (c) => {
  return c.json({ templates: await listTemplates(c.var.db, currentStaff(c).agencyId) });
});

surveyTemplatesAdminRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  return c.json(await templateDetail(c.var.db, currentStaff(c).agencyId, c.req.valid("param").id));
});

/** A draft copy of this version, numbered after the code's newest version. */
surveyTemplatesAdminRoutes.post("/:id/drafts", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const draft = await c.var.db.transaction().execute((trx) => createDraft(trx, staff, id));
  return c.json(draft, 201);
});

/** Replaces a draft's wording; 409 on a published version. */
surveyTemplatesAdminRoutes.put(
  "/:id",
  validate("param", IdParamSchema),
  validate("json", SurveyDraftUpdateSchema),
  async (c) => {
    const staff = currentStaff(c);
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    return c.json(await c.var.db.transaction().execute((trx) => updateDraft(trx, staff, id, input)));
  },
);

surveyTemplatesAdminRoutes.delete("/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute((trx) => deleteDraft(trx, staff, id));
  return c.body(null, 204);
});

surveyTemplatesAdminRoutes.post("/:id/publish", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  return c.json(await c.var.db.transaction().execute((trx) => publishDraft(trx, staff, id)));
});

surveyTemplatesAdminRoutes.post("/:id/retire", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  return c.json(await c.var.db.transaction().execute((trx) => retireVersion(trx, staff, id)));
});
