import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";
import { giveDemoPasswords } from "./accounts";
import { seedCalendarReference } from "./calendar-reference";
import { seedCaseHistory } from "./case-history";
import { seedCaseRoutingRules } from "./case-rules";
import { seedDashboardDemo } from "./dashboard";
import { DEMO_AGENCY_CODE } from "./demo-agency";
import { seedFileExtras } from "./file-extras";
import { seedDemo } from "./index";

export interface SeedResult {
  created: boolean;
  summary: string;
  counters: Array<{ name: string; publicCode: string }>;
  /** The one-stop software's API key for the demo agency; shown once, on the first seed. */
  integrationKey: string | null;
  /** Demo sign-ins printed by `npm start`; never used outside the demo. */
  accounts: Array<{ role: string; username: string; password: string }>;
}

/** Everything `npm start` seeds, once: the demo agency and the reference data around it. */
export async function seedAll(db: Kysely<Database>): Promise<SeedResult> {
  await seedCalendarReference(db);
  const demo = await seedDemo(db);
  await seedCaseRoutingRules(db);
  await seedCaseHistory(db, DEMO_AGENCY_CODE);
  const extras = await seedFileExtras(db, DEMO_AGENCY_CODE);
  if (demo.created) await seedDashboardDemo(db, DEMO_AGENCY_CODE);
  const summary = Object.entries(demo.counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  return {
    created: demo.created,
    summary,
    integrationKey: extras.integrationKey,
    counters: demo.counters.map((c) => ({ name: c.name, publicCode: c.publicCode })),
    // Fresh demo passwords at every start (refused in production).
    accounts: (await giveDemoPasswords(db, DEMO_AGENCY_CODE)).map((a) => ({
      role: a.role,
      username: a.username,
      password: a.password,
    })),
  };
}
