import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  ATTACHMENT_NAME_HEADER,
  CASE_SECRET_HEADER,
  CaseCodeSchema,
  CaseRatingRequestSchema,
  IntakeOptionsQuerySchema,
  IntakeRequestSchema,
  PublishedAnswersQuerySchema,
  TrackingSecretSchema,
} from "../../schema/api/cases";
import type { AppEnv } from "../app";
import { clientIp } from "../auth/session";
import { ProblemError } from "../problems";
import { fieldErrors, validate } from "../validation";
import { addCitizenAttachment, bucketOf, citizenDownload, readLimitedBody } from "./attachments.service";
import {
  caseForCitizen,
  fileCase,
  intakeOptions,
  publicAgencies,
  publishedAnswers,
  rateAnswer,
  statusView,
} from "./cases.service";
import { deliverPending, logNotifier } from "./notifications";

/**
 * What a citizen reaches without signing in (/api/public/cases): the intake form's options,
 * filing a case, the status page and the rating (with the tracking code and its secret, sent in
 * the x-case-secret header), and the public page of published PAKN answers.
 */
export const casesPublicRoutes = new Hono<AppEnv>();

const CodeParam = z.object({ code: CaseCodeSchema });
const AttachmentParam = CodeParam.extend({ attachmentId: z.uuid({ error: "invalid_code" }) });

/** The secret from its header; a missing or malformed one is a 404 like a wrong one. */
function secretOf(c: Context<AppEnv>): string {
  const parsed = TrackingSecretSchema.safeParse(c.req.header(CASE_SECRET_HEADER) ?? "");
  if (!parsed.success) {
    throw new ProblemError("not-found", {
      detail: { vi: "Mã đơn hoặc mã bí mật không đúng.", en: "The tracking code or the secret is wrong." },
      errors: fieldErrors(parsed.error.issues).map((e) => ({ ...e, path: "secret" })),
    });
  }
  return parsed.data;
}

async function citizenCase(c: Context<AppEnv>, code: string) {
  try {
    return await caseForCitizen(c.var.db, code, secretOf(c));
  } catch (err) {
    if (err instanceof ProblemError && err.slug === "not-found") {
      throw new ProblemError("not-found", {
        detail: { vi: "Mã đơn hoặc mã bí mật không đúng.", en: "The tracking code or the secret is wrong." },
      });
    }
    throw err;
  }
}

casesPublicRoutes.get("/agencies", async (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.json(await publicAgencies(c.var.db));
});

casesPublicRoutes.get("/intake-options", validate("query", IntakeOptionsQuerySchema), async (c) => {
  return c.json(await intakeOptions(c.var.db, c.req.valid("query"), c.var.config));
});

casesPublicRoutes.post("/", validate("json", IntakeRequestSchema), async (c) => {
  const receipt = await fileCase(c.var.db, c.req.valid("json"), {
    config: c.var.config,
    now: new Date(),
    ip: clientIp(c),
  });
  const work = deliverPending(c.var.db, logNotifier, { limit: 10 }).catch((err) => console.error("case notices", err));
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context
  }
  return c.json(receipt, 201);
});

casesPublicRoutes.get("/published", validate("query", PublishedAnswersQuerySchema), async (c) => {
  return c.json(await publishedAnswers(c.var.db, c.req.valid("query")));
});

casesPublicRoutes.get("/:code", validate("param", CodeParam), async (c) => {
  const row = await citizenCase(c, c.req.valid("param").code);
  return c.json(await statusView(c.var.db, row, c.var.config, new Date()));
});

casesPublicRoutes.post(
  "/:code/rating",
  validate("param", CodeParam),
  validate("json", CaseRatingRequestSchema),
  async (c) => {
    const row = await citizenCase(c, c.req.valid("param").code);
    return c.json(await rateAnswer(c.var.db, row, c.req.valid("json"), new Date()), 201);
  },
);

casesPublicRoutes.post("/:code/attachments", validate("param", CodeParam), async (c) => {
  const row = await citizenCase(c, c.req.valid("param").code);
  const bytes = await readLimitedBody(c.req.raw, c.var.config.CASE_ATTACHMENT_MAX_BYTES);
  const name = c.req.header(ATTACHMENT_NAME_HEADER) ?? "";
  const stored = await addCitizenAttachment(c.var.db, bucketOf(c.env), c.var.config, row, { name, bytes }, new Date());
  return c.json(stored, 201);
});

casesPublicRoutes.get("/:code/attachments/:attachmentId", validate("param", AttachmentParam), async (c) => {
  const { code, attachmentId } = c.req.valid("param");
  const row = await citizenCase(c, code);
  return citizenDownload(c.var.db, bucketOf(c.env), c.var.config, row, attachmentId);
});
