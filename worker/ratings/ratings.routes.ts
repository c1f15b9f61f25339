import { type Context, Hono } from "hono";
import {
  FileLookupRequestSchema,
  FileTokenParamSchema,
  IDEMPOTENT_REPLAYED_HEADER,
  SubmissionRequestSchema,
  TemplateIdParamSchema,
} from "../../schema/api/ratings";
import type { AppEnv } from "../app";
import { validate } from "../validation";
import { lookupFile, type RatingDeps, resolveFileToken, submitRating, surveyDefinition } from "./ratings.service";
import { cloudflareTurnstile } from "./turnstile";

/**
 * The citizen rating API (docs/api-ratings.md). No sign-in: a citizen reaches it from a counter
 * QR, the QR on a receipt, or by typing a file code. The counter landing itself is
 * GET /api/public/counters/:publicCode.
 */
export const ratingsRoutes = new Hono<AppEnv>();

function deps(c: Context<AppEnv>): RatingDeps {
  const config = c.var.config;
  return {
    config,
    now: new Date(),
    // Cloudflare sets cf-connecting-ip; on-premises the reverse proxy must set it (and strip the client's).
    client: { ip: c.req.header("cf-connecting-ip") ?? null, userAgent: c.req.header("user-agent") ?? null },
    turnstile: config.TURNSTILE_SECRET ? cloudflareTurnstile(config.TURNSTILE_SECRET) : null,
  };
}

ratingsRoutes.get("/surveys/:templateId", validate("param", TemplateIdParamSchema), async (c) => {
  const body = await surveyDefinition(c.var.db, c.req.valid("param").templateId, c.var.config);
  // A published version does not change: edits make a new version with a new id.
  c.header("cache-control", "public, max-age=300, stale-while-revalidate=3600");
  return c.json(body);
});

ratingsRoutes.get("/file/:token", validate("param", FileTokenParamSchema), async (c) => {
  return c.json(await resolveFileToken(c.var.db, c.req.valid("param").token, deps(c)));
});

ratingsRoutes.post("/lookup", validate("json", FileLookupRequestSchema), async (c) => {
  return c.json(await lookupFile(c.var.db, c.req.valid("json"), deps(c)));
});

ratingsRoutes.post("/submissions", validate("json", SubmissionRequestSchema), async (c) => {
  const { receipt, replayed } = await submitRating(c.var.db, c.req.valid("json"), deps(c));
  if (replayed) {
    c.header(IDEMPOTENT_REPLAYED_HEADER, "true");
    return c.json(receipt, 200);
  }
  return c.json(receipt, 201);
});
