import type { Context } from "hono";

export type Lang = "vi" | "en";

/**
 * The language a person reads the answer in: `?lang=` first, then the first of vi / en in
 * Accept-Language, then Vietnamese.
 */
export function pickLang(c: Context): Lang {
  const query = c.req.query("lang");
  if (query === "en" || query === "vi") return query;
  const header = c.req.header("accept-language") ?? "";
  for (const part of header.split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "vi" || tag === "en") return tag;
  }
  return "vi";
}
