import { z } from "zod";

/**
 * The one error shape of the API: RFC 9457 `application/problem+json`.
 * `type` is a stable slug URI (`/api/problems/<slug>`); `title` and `detail` are in the
 * language the client asked for (Vietnamese by default), with the other language alongside
 * so that a page can show either without another request.
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  lang: z.enum(["vi", "en"]),
  i18n: z
    .object({
      vi: z.object({ title: z.string(), detail: z.string().optional() }),
      en: z.object({ title: z.string(), detail: z.string().optional() }),
    })
    .optional(),
  errors: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        messageEn: z.string().optional(),
      }),
    )
    .optional(),
});

export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The slug of a problem `type` URI. */
export function problemSlug(type: string): string {
  return type.slice(type.lastIndexOf("/") + 1);
}
