import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  AnswerRequestSchema,
  ATTACHMENT_NAME_HEADER,
  NewRoutingRuleSchema,
  PublishPreviewRequestSchema,
  QueueQuerySchema,
  TransitionRequestSchema,
} from "../../schema/api/cases";
import type { AppEnv } from "../app";
import { clientIp } from "../auth/session";
import { currentStaff } from "../auth/staff";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { addAnswerAttachment, bucketOf, readLimitedBody, staffDownload } from "./attachments.service";
import { listRoutingRules, listUnits } from "./cases.queries";
import {
  type CaseDeps,
  caseDetail,
  caseStats,
  casesMeta,
  publishPreview,
  queueView,
  recordAnswer,
  transition,
  verificationCopy,
  viewIdentity,
  visibleCase,
} from "./cases.service";
import { deliverPending, logNotifier } from "./notifications";

/**
 * The inspectorate's API (/api/staff/cases): queue, case page, actions, answer, identity.
 * Every route has its entry in worker/auth/policy.ts; what a role may see within the agency is
 * decided here (units, assignments) and, for the identity, in identity.ts.
 */
export const casesRoutes = new Hono<AppEnv>();

const IdParam = z.object({ id: z.uuid({ error: "invalid_code" }) });
const AttachmentParam = IdParam.extend({ attachmentId: z.uuid({ error: "invalid_code" }) });

function deps(c: Context<AppEnv>): CaseDeps {
  return { config: c.var.config, now: new Date(), ip: clientIp(c) };
}

/** Hands the case's new notices to the notifier after the answer is sent. */
function deliverLater(c: Context<AppEnv>, caseId: string): void {
  const work = deliverPending(c.var.db, logNotifier, { caseId }).catch((err) =>
    console.error("case notices not delivered", caseId, err),
  );
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context (a plain app.request in a test): the promise runs on its own
  }
}

casesRoutes.get("/", validate("query", QueueQuerySchema), async (c) => {
  return c.json(await queueView(c.var.db, currentStaff(c), c.req.valid("query"), new Date()));
});

casesRoutes.get("/meta", async (c) => c.json(await casesMeta(c.var.db, currentStaff(c))));

casesRoutes.get(
  "/stats",
  validate(
    "query",
    z.object({
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "invalid_date" }),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "invalid_date" }),
    }),
  ),
  async (c) => {
    const { from, to } = c.req.valid("query");
    return c.json(await caseStats(c.var.db, currentStaff(c), from, to));
  },
);

casesRoutes.get("/:id", validate("param", IdParam), async (c) => {
  const d = deps(c);
  return c.json(await caseDetail(c.var.db, currentStaff(c), c.req.valid("param").id, d.config, d.now));
});

casesRoutes.get("/:id/identity", validate("param", IdParam), async (c) => {
  const d = deps(c);
  return c.json(await viewIdentity(c.var.db, currentStaff(c), c.req.valid("param").id, d.config, d.now));
});

casesRoutes.get("/:id/verification-copy", validate("param", IdParam), async (c) => {
  return c.json(await verificationCopy(c.var.db, currentStaff(c), c.req.valid("param").id, c.var.config));
});

casesRoutes.get("/:id/attachments/:attachmentId", validate("param", AttachmentParam), async (c) => {
  const staff = currentStaff(c);
  const { id, attachmentId } = c.req.valid("param");
  const row = await visibleCase(c.var.db, staff, id);
  return staffDownload(c.var.db, bucketOf(c.env), c.var.config, staff, row, attachmentId, new Date());
});

casesRoutes.post(
  "/:id/transitions",
  validate("param", IdParam),
  validate("json", TransitionRequestSchema),
  async (c) => {
    const staff = currentStaff(c);
    const { id } = c.req.valid("param");
    const d = deps(c);
    await transition(c.var.db, staff, id, c.req.valid("json"), d);
    deliverLater(c, id);
    return c.json(await caseDetail(c.var.db, staff, id, d.config, new Date()));
  },
);

casesRoutes.post("/:id/answer", validate("param", IdParam), validate("json", AnswerRequestSchema), async (c) => {
  const staff = currentStaff(c);
  const { id } = c.req.valid("param");
  const d = deps(c);
  await recordAnswer(c.var.db, staff, id, c.req.valid("json"), d);
  deliverLater(c, id);
  return c.json(await caseDetail(c.var.db, staff, id, d.config, new Date()));
});

casesRoutes.post("/:id/answer/attachments", validate("param", IdParam), async (c) => {
  const staff = currentStaff(c);
  const row = await visibleCase(c.var.db, staff, c.req.valid("param").id);
  const bytes = await readLimitedBody(c.req.raw, c.var.config.CASE_ATTACHMENT_MAX_BYTES);
  const name = c.req.header(ATTACHMENT_NAME_HEADER) ?? "";
  const stored = await addAnswerAttachment(c.var.db, bucketOf(c.env), c.var.config, staff, row, { name, bytes });
  return c.json(stored, 201);
});

casesRoutes.post(
  "/:id/publish-preview",
  validate("param", IdParam),
  validate("json", PublishPreviewRequestSchema),
  async (c) => {
    return c.json(
      await publishPreview(c.var.db, currentStaff(c), c.req.valid("param").id, c.req.valid("json"), c.var.config),
    );
  },
);
