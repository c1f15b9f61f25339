import { z } from "zod";

export const HealthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.object({
    reachable: z.boolean(),
    latencyMs: z.number().optional(),
  }),
  schema: z.object({
    /** Newest migration applied to the database (null when unreachable or empty). */
    applied: z.string().nullable(),
    /** Newest migration this build knows. */
    expected: z.string(),
    upToDate: z.boolean(),
  }),
  time: z.string(),
});

export type Health = z.infer<typeof HealthSchema>;
