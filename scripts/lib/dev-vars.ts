import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** Placeholders in `.dev.vars.example` that `npm start` fills with fresh random secrets. */
const GENERATORS: Record<string, () => string> = {
  __generate_key__: () => randomBytes(32).toString("base64url"),
  __generate_keyring__: () => `k1:${randomBytes(32).toString("base64url")}`,
};

/**
 * Creates `.dev.vars` (git-ignored; wrangler dev reads it) from `.dev.vars.example` on first
 * start, generating local secrets, so that no secret is ever committed. An existing file is
 * kept, with any variable added to the example since then appended.
 */
export function ensureDevVars(root: string): void {
  const example = resolve(root, ".dev.vars.example");
  if (!existsSync(example)) return;
  const target = resolve(root, ".dev.vars");
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  const have = new Set(current.split("\n").map((l) => l.split("=")[0]?.trim()));
  const added: string[] = [];
  for (const line of readFileSync(example, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || have.has(m[1])) continue;
    const value = m[2] ?? "";
    const generate = GENERATORS[value];
    added.push(`${m[1]}=${generate ? generate() : value}`);
  }
  if (added.length)
    writeFileSync(target, `${current}${current && !current.endsWith("\n") ? "\n" : ""}${added.join("\n")}\n`);
}
