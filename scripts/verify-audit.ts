/**
 * `npm run audit:verify [-- --agency CODE]`: recomputes the hash chain of the audit trail of
 * every agency (or one) and names the first broken link of each. Exits 1 when any chain is
 * broken, 2 on a usage error. Needs DATABASE_URL; read-only.
 */
import { parseArgs } from "node:util";
import { verifyAgencyChain } from "../worker/audit/audit.service";
import { nodeDb } from "./lib/node-db";

const { values } = parseArgs({ options: { agency: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/hailong)");
  process.exit(2);
}

const db = nodeDb(url);
let broken = 0;
try {
  let query = db.selectFrom("agencies").select(["id", "code", "name"]).orderBy("code");
  if (values.agency) query = query.where("code", "=", values.agency);
  const agencies = await query.execute();
  if (values.agency && agencies.length === 0) {
    console.error(`no agency with code "${values.agency}"`);
    process.exitCode = 2;
  }
  for (const agency of agencies) {
    const verdict = await verifyAgencyChain(db, agency.id);
    if (verdict.ok) {
      console.log(
        `OK     ${agency.code}: ${verdict.checked} entries, last #${verdict.lastSeq ?? "-"} ${verdict.lastHash}`,
      );
    } else {
      broken++;
      const b = verdict.firstBreak;
      console.log(`BROKEN ${agency.code}: first broken link at entry #${b?.seq} (${b?.reason})`);
      console.log(`       ${b?.message.vi}`);
      console.log(`       ${b?.message.en}`);
      console.log(`       ${verdict.checked} entries before it are intact.`);
    }
  }
  if (broken > 0) {
    console.error(`${broken} audit chain(s) broken.`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
