import { z } from "zod";

/** A leader's published contact ("Công khai số điện thoại, hòm thư điện tử của Lãnh đạo Sở"). */
export const PublishedLeaderSchema = z.object({
  title: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

/** What a citizen page shows of an agency: its public contacts (seed plans require them). */
export const PublicAgencySchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  address: z.string().nullable(),
  hotline: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  satisfactionTarget: z.number(),
  leaders: z.array(PublishedLeaderSchema),
});

export const PublicCounterSchema = z.object({
  publicCode: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  unit: z.object({ name: z.string() }),
  agency: PublicAgencySchema,
  survey: z
    .object({
      id: z.string(),
      kind: z.enum(["sipas", "quick"]),
      name: z.string(),
      nameEn: z.string().nullable(),
      version: z.number().int(),
    })
    .nullable(),
});

export type PublishedLeader = z.infer<typeof PublishedLeaderSchema>;
export type PublicAgency = z.infer<typeof PublicAgencySchema>;
export type PublicCounter = z.infer<typeof PublicCounterSchema>;

export const PublicCodeParamSchema = z.object({
  publicCode: z.string().regex(/^[a-z0-9]{6,32}$/, { error: "invalid_code" }),
});
