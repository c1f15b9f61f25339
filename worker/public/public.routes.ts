import { Hono } from "hono";
import { z } from "zod";
import { type PublicAgency, PublicCodeParamSchema, type PublicCounter } from "../../schema/api/public";
import { publishedLeaders } from "../admin/agency.routes";
import type { AppEnv } from "../app";
import { ProblemError } from "../problems";
import { validate } from "../validation";
import { findPublicAgency, findPublicCounter } from "./public.queries";

/** Pages a citizen reaches without signing in: a counter's QR landing, an agency profile. */
export const publicRoutes = new Hono<AppEnv>();

publicRoutes.get("/counters/:publicCode", validate("param", PublicCodeParamSchema), async (c) => {
  const row = await findPublicCounter(c.var.db, c.req.valid("param").publicCode);
  if (!row) {
    throw new ProblemError("not-found", {
      detail: {
        vi: "Không tìm thấy quầy này. Vui lòng quét lại mã QR tại quầy.",
        en: "This counter was not found. Please scan the QR code at the counter again.",
      },
    });
  }
  const body: PublicCounter = {
    publicCode: row.public_code,
    name: row.name,
    location: row.location,
    unit: { name: row.unit_name },
    agency: {
      code: row.agency_code,
      name: row.agency_name,
      shortName: row.agency_short_name,
      address: row.agency_address,
      hotline: row.agency_hotline,
      email: row.agency_email,
      website: row.agency_website,
      satisfactionTarget: Number(row.satisfaction_target),
      leaders: publishedLeaders(row.agency_settings),
    },
    survey:
      row.template_id && row.template_kind && row.template_name && row.template_version
        ? {
            id: row.template_id,
            kind: row.template_kind,
            name: row.template_name,
            nameEn: row.template_name_en,
            version: row.template_version,
          }
        : null,
  };
  return c.json(body);
});

publicRoutes.get(
  "/agencies/:code",
  validate("param", z.object({ code: z.string().regex(/^[0-9A-Za-z.-]{2,40}$/, { error: "invalid_code" }) })),
  async (c) => {
    const row = await findPublicAgency(c.var.db, c.req.valid("param").code);
    if (!row) throw new ProblemError("not-found");
    const body: PublicAgency = {
      code: row.code,
      name: row.name,
      shortName: row.short_name,
      address: row.address,
      hotline: row.hotline,
      email: row.email,
      website: row.website,
      satisfactionTarget: Number(row.satisfaction_target),
      leaders: publishedLeaders(row.settings),
    };
    return c.json(body);
  },
);
