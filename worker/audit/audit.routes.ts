import { Hono } from "hono";
import { type AuditEntryView, AuditListQuerySchema } from "../../schema/api/admin";
import type { AppEnv } from "../app";
import { currentStaff } from "../auth/staff";
import { pickLang } from "../lib/lang";
import { validate } from "../validation";
import { listAuditEntries } from "./audit.queries";
import { verifyAgencyChain } from "./audit.service";

/** The agency's audit trail, newest first, and its chain check (/api/admin/audit). */
export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get("/", validate("query", AuditListQuerySchema), async (c) => {
  const staff = currentStaff(c);
  const query = c.req.valid("query");
  const rows = await listAuditEntries(c.var.db, staff.agencyId, query);
  const page = rows.slice(0, query.limit);
  const entries: AuditEntryView[] = page.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: r.details,
    hash: r.hash,
  }));
  return c.json({ entries, nextBefore: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null });
});

auditRoutes.get("/verify", async (c) => {
  const staff = currentStaff(c);
  const verdict = await verifyAgencyChain(c.var.db, staff.agencyId);
  const lang = pickLang(c);
  return c.json({
    ok: verdict.ok,
    checked: verdict.checked,
    lastSeq: verdict.lastSeq,
    firstBreak: verdict.firstBreak && {
      seq: verdict.firstBreak.seq,
      reason: verdict.firstBreak.reason,
      message: verdict.firstBreak.message[lang],
      messageEn: verdict.firstBreak.message.en,
    },
  });
});
