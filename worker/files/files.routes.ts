import { type Context, Hono } from "hono";
import {
  type Alerts,
  ApologyLetterRequestSchema,
  DeliveryRequestSchema,
  type DuePreview,
  DuePreviewQuerySchema,
  FileCreateRequestSchema,
  FileEventRequestSchema,
  type FileEventResult,
  type FileList,
  FileListQuerySchema,
  type FileSettings,
  FileSettingsUpdateSchema,
  IdParamSchema,
  ImportChunkRequestSchema,
  ImportCreateRequestSchema,
  type IntegrationKeyCreated,
  IntegrationKeyCreateSchema,
  KpiQuerySchema,
} from "../../schema/api/files";
import { auditSettingsChange, diff } from "../admin/changes";
import type { AppEnv } from "../app";
import { appendAudit } from "../audit/audit.service";
import { auditActor, currentStaff } from "../auth/staff";
import { addDays, dateParts, type IsoDate, instantOf, isoDate, localDateOf } from "../lib/calendar/dates";
import { describeProcessingTime, processingTimeOf } from "../lib/files/appointment";
import { pickLang } from "../lib/lang";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { deliverApologyLetter, getApologyLetter, issueApologyLetter } from "./apology.service";
import { letterDelivery } from "./delivery";
import { findProcedure, insertKey, listKeys, revokeKey, upsertSettings } from "./files.queries";
import {
  computeDueAt,
  createFileInTx,
  fileDetail,
  fileScopeOf,
  fileSummaries,
  loadFileSettings,
  officeHoursOfAgency,
  recordStaffEvent,
} from "./files.service";
import { commitImport, createImport, importSummary, stageChunk } from "./files-import.service";
import { fileKpis } from "./files-kpis.queries";
import { newIntegrationKey } from "./integration-keys";
import { returnSlip } from "./return-slip.service";

/**
 * Files (hồ sơ) for staff, mounted at /api/staff/files behind the staff guard (session, CSRF,
 * the policy of worker/auth/policy.ts). Every read is limited to the agency and to the files
 * the staff member's units see (files.service.ts `fileScopeOf`).
 */
export const filesRoutes = new Hono<AppEnv>();

/** The longest range one list may cover, in days. */
const MAX_LIST_DAYS = 400;

function dayStart(date: IsoDate): Date {
  return instantOf({ date, minutes: 0 });
}
function dayEnd(date: IsoDate): Date {
  return new Date(instantOf({ date, minutes: 1440 }).getTime() - 1);
}

async function scopeOf(c: Context<AppEnv>) {
  const staff = currentStaff(c);
  return { staff, scope: await fileScopeOf(c.var.db, staff) };
}

// ---------------------------------------------------------------------------------------------
// Lists, alerts, KPIs

filesRoutes.get("/", validate("query", FileListQuerySchema), async (c) => {
  const { staff, scope } = await scopeOf(c);
  const q = c.req.valid("query");
  const now = new Date();
  const to = q.to ?? localDateOf(now);
  const from = q.from ?? addDays(to, -89);
  if (from > to || addDays(from, MAX_LIST_DAYS) < to) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "from",
          message: {
            vi: `Khoảng thời gian từ 1 đến ${MAX_LIST_DAYS} ngày, "từ ngày" không sau "đến ngày".`,
            en: `The range covers 1 to ${MAX_LIST_DAYS} days, "from" not after "to".`,
          },
        },
      ],
    });
  }
  let items = await fileSummaries(
    c.var.db,
    staff.agencyId,
    {
      scope,
      receivedFrom: dayStart(from),
      receivedTo: dayEnd(to),
      unitId: q.unitId,
      procedureId: q.procedureId,
      status: q.status,
      channel: q.channel,
      q: q.q || undefined,
    },
    now,
  );
  if (q.outcome) items = items.filter((i) => i.timeliness.outcome === q.outcome);
  if (q.flag === "due_soon") items = items.filter((i) => i.timeliness.dueSoon);
  if (q.flag === "late_without_apology") items = items.filter((i) => i.apologyRequired);
  if (q.flag === "multiple_supplements") items = items.filter((i) => i.timeliness.supplementCount > 1);
  const start = (q.page - 1) * q.pageSize;
  const body: FileList = {
    items: items.slice(start, start + q.pageSize),
    total: items.length,
    page: q.page,
    pageSize: q.pageSize,
    asOf: now.toISOString(),
  };
  return c.json(body);
});

filesRoutes.get("/due-preview", validate("query", DuePreviewQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const { procedureId, receivedAt } = c.req.valid("query");
  const procedure = await findProcedure(c.var.db, staff.agencyId, procedureId);
  if (!procedure) throw new ProblemError("not-found");
  const received = receivedAt ? new Date(receivedAt) : new Date();
  const time = processingTimeOf(procedure);
  const office = await officeHoursOfAgency(c.var.db, staff.agencyId);
  const due = await computeDueAt(c.var.db, staff.agencyId, office, time, received);
  const body: DuePreview = {
    receivedAt: received.toISOString(),
    dueAt: due.toISOString(),
    processingTimeText: describeProcessingTime(time),
  };
  return c.json(body);
});

/**
 * The alert list: open files from their D−n working day (ND 118/2025 Đ19 k6: the apology
 * letter goes out at the latest one day before the deadline), open files past their
 * appointment, and late files of the last 90 days without a letter.
 */
filesRoutes.get("/alerts", async (c) => {
  const { staff, scope } = await scopeOf(c);
  const now = new Date();
  const settings = await loadFileSettings(c.var.db, staff.agencyId);
  const items = await fileSummaries(
    c.var.db,
    staff.agencyId,
    { scope, alerts: { since: new Date(now.getTime() - 90 * 86_400_000) } },
    now,
    settings,
  );
  const byDue = (a: { dueAt: string }, b: { dueAt: string }) => a.dueAt.localeCompare(b.dueAt);
  const body: Alerts = {
    asOf: now.toISOString(),
    alertWorkingDays: settings.alertWorkingDays,
    dueSoon: items.filter((i) => i.timeliness.dueSoon && i.apology === null).sort(byDue),
    overdue: items.filter((i) => !i.timeliness.finished && i.timeliness.outcome === "late").sort(byDue),
    withoutApology: items.filter((i) => i.apologyRequired).sort(byDue),
  };
  return c.json(body);
});

filesRoutes.get("/kpis", validate("query", KpiQuerySchema), async (c) => {
  const { staff, scope } = await scopeOf(c);
  const q = c.req.valid("query");
  const now = new Date();
  const today = localDateOf(now);
  const { year, month } = dateParts(today);
  const to = q.to ?? today;
  const from = q.from ?? isoDate(year, month, 1);
  if (from > to || addDays(from, 800) < to) {
    throw new ProblemError("validation", {
      errors: [{ path: "from", message: { vi: "Khoảng thời gian không hợp lệ.", en: "Invalid period." } }],
    });
  }
  return c.json(
    await fileKpis(c.var.db, staff.agencyId, {
      from,
      to,
      scope,
      unitId: q.unitId,
      procedureId: q.procedureId,
      now,
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// Settings and the one-stop software's keys

filesRoutes.get("/settings", async (c) => {
  const staff = currentStaff(c);
  return c.json(await loadFileSettings(c.var.db, staff.agencyId));
});

filesRoutes.put("/settings", validate("json", FileSettingsUpdateSchema), async (c) => {
  const staff = currentStaff(c);
  const input = c.req.valid("json");
  const before = await loadFileSettings(c.var.db, staff.agencyId);
  const after: FileSettings = {
    letterForm: input.letterForm,
    secondSupplement: input.secondSupplement,
    alertWorkingDays: input.alertWorkingDays,
    onTimeTarget: input.onTimeTarget,
    parentAgencyName: input.parentAgencyName ?? null,
    letterPlace: input.letterPlace ?? null,
    letterNumberSuffix: input.letterNumberSuffix,
    signerTitle: input.signerTitle ?? null,
    signerName: input.signerName ?? null,
  };
  await c.var.db.transaction().execute(async (trx) => {
    await upsertSettings(
      trx,
      staff.agencyId,
      {
        letter_form: after.letterForm,
        second_supplement: after.secondSupplement,
        alert_working_days: after.alertWorkingDays,
        on_time_target: after.onTimeTarget,
        parent_agency_name: after.parentAgencyName,
        letter_place: after.letterPlace,
        letter_number_suffix: after.letterNumberSuffix,
        signer_title: after.signerTitle,
        signer_name: after.signerName,
      },
      staff.id,
    );
    const changes = diff(before, after, Object.keys(after) as Array<keyof FileSettings>);
    if (Object.keys(changes).length > 0) {
      await auditSettingsChange(trx, staff, { entity: "file_settings", op: "update", id: staff.agencyId, changes });
    }
  });
  return c.json(after);
});

function keyView(k: {
  id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.key_prefix,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  };
}

filesRoutes.get("/integration-keys", async (c) => {
  const staff = currentStaff(c);
  return c.json({ keys: (await listKeys(c.var.db, staff.agencyId)).map(keyView) });
});

filesRoutes.post("/integration-keys", validate("json", IntegrationKeyCreateSchema), async (c) => {
  const staff = currentStaff(c);
  const { name } = c.req.valid("json");
  const { key, prefix, hash } = await newIntegrationKey();
  const row = await c.var.db.transaction().execute(async (trx) => {
    const row = await insertKey(trx, { agencyId: staff.agencyId, name, prefix, hash, staffId: staff.id });
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "integration_key.created",
      subjectType: "integration_key",
      subjectId: row.id,
      details: { name, prefix },
    });
    return row;
  });
  const body: IntegrationKeyCreated = { ...keyView(row), key };
  return c.json(body, 201);
});

filesRoutes.delete("/integration-keys/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  await c.var.db.transaction().execute(async (trx) => {
    const row = await revokeKey(trx, staff.agencyId, id);
    if (!row) throw new ProblemError("not-found");
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "integration_key.revoked",
      subjectType: "integration_key",
      subjectId: id,
      details: { name: row.name, prefix: row.key_prefix },
    });
  });
  return c.body(null, 204);
});

// ---------------------------------------------------------------------------------------------
// CSV import (create → chunks → preview → commit)

filesRoutes.post("/imports", validate("json", ImportCreateRequestSchema), async (c) => {
  const staff = currentStaff(c);
  const id = await createImport(c.var.db, staff, c.req.valid("json").header);
  return c.json(await importSummary(c.var.db, staff.agencyId, id, pickLang(c)), 201);
});

filesRoutes.post(
  "/imports/:id/chunks",
  validate("param", IdParamSchema),
  validate("json", ImportChunkRequestSchema),
  async (c) => {
    const staff = currentStaff(c);
    const result = await stageChunk(
      c.var.db,
      staff,
      c.req.valid("param").id,
      c.req.valid("json"),
      pickLang(c),
      new Date(),
    );
    return c.json(result);
  },
);

filesRoutes.get("/imports/:id", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  return c.json(await importSummary(c.var.db, staff.agencyId, c.req.valid("param").id, pickLang(c)));
});

filesRoutes.post("/imports/:id/commit", validate("param", IdParamSchema), async (c) => {
  const staff = currentStaff(c);
  return c.json(await commitImport(c.var.db, staff, c.req.valid("param").id, pickLang(c)));
});

// ---------------------------------------------------------------------------------------------
// One file

filesRoutes.post("/", validate("json", FileCreateRequestSchema), async (c) => {
  const { staff } = await scopeOf(c);
  const input = c.req.valid("json");
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
  if (receivedAt.getTime() > Date.now() + 5 * 60_000) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "receivedAt",
          message: { vi: "Thời điểm tiếp nhận ở tương lai.", en: "The receipt time is in the future." },
        },
      ],
    });
  }
  const { file } = await c.var.db.transaction().execute((trx) =>
    createFileInTx(
      trx,
      staff.agencyId,
      {
        code: input.code,
        procedureId: input.procedureId,
        receivedAt,
        dueAt: input.dueAt ? new Date(input.dueAt) : undefined,
        channel: input.channel,
        counterId: input.counterId ?? null,
        applicantName: input.applicantName,
        applicantAddress: input.applicantAddress,
        applicantPhone: input.applicantPhone,
        applicantEmail: input.applicantEmail,
      },
      "counter",
      { kind: "staff", staff },
    ),
  );
  return c.json(await fileDetail(c.var.db, staff.agencyId, "all", file.id, new Date()), 201);
});

filesRoutes.get("/:id", validate("param", IdParamSchema), async (c) => {
  const { staff, scope } = await scopeOf(c);
  return c.json(await fileDetail(c.var.db, staff.agencyId, scope, c.req.valid("param").id, new Date()));
});

filesRoutes.post(
  "/:id/events",
  validate("param", IdParamSchema),
  validate("json", FileEventRequestSchema),
  async (c) => {
    const { staff, scope } = await scopeOf(c);
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();
    const { applied } = await recordStaffEvent(c.var.db, staff, scope, id, {
      kind: input.kind,
      occurredAt,
      note: input.note,
    });
    const body: FileEventResult = { applied, file: await fileDetail(c.var.db, staff.agencyId, scope, id, new Date()) };
    return c.json(body, applied ? 201 : 200);
  },
);

filesRoutes.get("/:id/return-slip", validate("param", IdParamSchema), async (c) => {
  const { staff, scope } = await scopeOf(c);
  const origin = new URL(c.req.url).origin;
  return c.json(
    await returnSlip(c.var.db, c.var.config, staff.agencyId, scope, c.req.valid("param").id, origin, new Date()),
  );
});

filesRoutes.post(
  "/:id/apology-letter",
  validate("param", IdParamSchema),
  validate("json", ApologyLetterRequestSchema),
  async (c) => {
    const { staff, scope } = await scopeOf(c);
    const letter = await issueApologyLetter(
      c.var.db,
      staff,
      scope,
      c.req.valid("param").id,
      c.req.valid("json"),
      new Date(),
    );
    return c.json(letter, 201);
  },
);

filesRoutes.get("/:id/apology-letter", validate("param", IdParamSchema), async (c) => {
  const { staff, scope } = await scopeOf(c);
  return c.json(await getApologyLetter(c.var.db, staff.agencyId, scope, c.req.valid("param").id, new Date()));
});

filesRoutes.post(
  "/:id/apology-letter/deliveries",
  validate("param", IdParamSchema),
  validate("json", DeliveryRequestSchema),
  async (c) => {
    const { staff, scope } = await scopeOf(c);
    const letter = await deliverApologyLetter(
      c.var.db,
      staff,
      scope,
      c.req.valid("param").id,
      c.req.valid("json"),
      letterDelivery(),
      new Date(),
    );
    return c.json(letter, 201);
  },
);
