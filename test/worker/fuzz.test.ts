/**
 * Property tests of every endpoint with generated hostile input (fast-check): wrong types,
 * missing and unknown fields, huge strings and bodies, invalid UTF-8, lone surrogates and NUL,
 * wrong content types, mislabelled and oversized uploads, SQL/HTML/formula payloads, hostile
 * path segments and query strings, missing or wrong credentials. For each input the answer is
 * 2xx or a 4xx problem+json (never a 5xx, never a hang), and no CSV cell is a formula.
 *
 * Routes come from `createApp().routes`, each with the zod schemas of its validators, so a new
 * route is fuzzed with no change here. Staff routes are called with a signed-in session of a
 * role the policy allows (and its CSRF token), so that inputs reach validation and beyond.
 * Most inputs go through `app.request()` in-process; one in fifty through the worker's fetch.
 *
 * Size: `FUZZ_INPUTS_PER_ROUTE` (a binding; default sized for CI) × a weight per kind of route.
 * `npm run fuzz` runs the same file with ≥ 100,000 inputs and a random seed (FUZZ_SEED to
 * replay one).
 */
import fc from "fast-check";
import readXlsxFile from "read-excel-file/universal";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/app";
import { verifyAgencyChain } from "../../worker/audit/audit.service";
import { csvLine, neutraliseFormula } from "../../worker/reports/csv";
import { createStaff, signInAs } from "./support/accounts-factories";
import { createDashboardWorld, insertRatings, localAt } from "./support/dashboard-factories";
import { catalogue, type FuzzRoute } from "./support/fuzz/catalogue";
import { type FuzzInput, inputsFor } from "./support/fuzz/inputs";
import { FORMULA_PAYLOADS } from "./support/fuzz/payloads";
import { csvCells, describeRequest, type FuzzRequest, isFormulaCell, pool, send } from "./support/fuzz/runner";
import { createFuzzWorld, type FuzzSession, type FuzzWorld } from "./support/fuzz/world";
import { testDb, testEnv } from "./support/worker-env";

const fuzzEnv = testEnv as typeof testEnv & { FUZZ_INPUTS_PER_ROUTE?: string; FUZZ_SEED?: string };
/** Inputs per staff route; public routes get more (they are cheaper: no session look-up). */
const PER_ROUTE = Number(fuzzEnv.FUZZ_INPUTS_PER_ROUTE || 60);
const SEED = Number(fuzzEnv.FUZZ_SEED || 20261122);
/** Requests in flight at once (the worker and Postgres share 2 cores with the test runner). */
const CONCURRENCY = 16;
/**
 * Inputs per route sent through the worker's fetch handler (the rest in-process). The test
 * runtime wraps its entrypoint's prototype in one more Proxy on every such call (and on every
 * console line the worker writes), so an isolate overflows its stack after a few thousand: a
 * limit of the harness, not of the API.
 */
const FETCHES_PER_ROUTE = 8;

function weight(route: FuzzRoute): number {
  if (route.key === "POST /api/auth/sign-in") return 2; // every well-formed try costs a PBKDF2
  if (route.access === "public") return 6;
  if (route.access === "integration") return 3;
  return 1;
}

const FUZZ_APPLICATION = "hailong-fuzz";

/**
 * In-process requests all run inside this test's own request, so they may share one
 * postgres.js client: the real `createDb` (the same dialect, transactions and type handling),
 * built once for the in-process connection string, with a pool of CONCURRENCY connections, as
 * Hyperdrive shares pooled connections between requests. Without it every input would open and
 * authenticate a new Postgres connection (~10 ms of 2 shared cores). Requests through the
 * worker's fetch handler (one in fifty) keep the per-request client.
 */
vi.mock("../../worker/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../worker/db")>();
  let shared: import("../../worker/db").Db | undefined;
  return {
    ...real,
    createDb: (url: string, config: Parameters<typeof real.createDb>[1]) => {
      if (!url.includes("application_name=hailong-fuzz")) return real.createDb(url, config);
      shared ??= real.createDb(url, { ...config, DB_MAX_CONNECTIONS: 20 });
      return shared;
    },
  };
});

function inProcessEnv() {
  const url = new URL(testEnv.HYPERDRIVE.connectionString);
  url.searchParams.set("application_name", FUZZ_APPLICATION);
  return { ...testEnv, HYPERDRIVE: { ...testEnv.HYPERDRIVE, connectionString: url.toString() } };
}

const app = createApp();
// Reads first, then changes, deletions last: a deleted unit should not starve later routes.
const ORDER: Record<string, number> = { GET: 0, HEAD: 0, POST: 1, PUT: 1, PATCH: 2, DELETE: 3 };
const routes = catalogue(app).sort((a, b) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1));
const tally = new Map<string, { inputs: number; unavailable: number; byStatus: Map<number, number> }>();
let world: FuzzWorld;
const env = inProcessEnv();

beforeAll(async () => {
  // The worker's notices (console.log of case and file events) are not what is tested here,
  // and each line costs the harness a Proxy layer (see FETCHES_PER_ROUTE).
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "info").mockImplementation(() => {});
  world = await createFuzzWorld(testDb());
}, 120_000);

afterAll(() => {
  vi.restoreAllMocks();
  let total = 0;
  let unavailable = 0;
  const lines: string[] = [];
  for (const [key, t] of tally) {
    total += t.inputs;
    const statuses = [...t.byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    unavailable += t.unavailable;
    lines.push(`${String(t.inputs).padStart(7)}  ${key}  (${statuses})`);
  }
  console.log(
    `fuzz: ${total} inputs over ${tally.size} routes (seed ${SEED}, ${PER_ROUTE} per staff route)\n${lines.join("\n")}\nfuzz: ${total} inputs in total (${unavailable} answered 503 database-unavailable under load, then passed when sent again)`,
  );
});

function authHeaders(input: FuzzInput, session: FuzzSession | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!session) return headers;
  const changes = input.method !== "GET" && input.method !== "HEAD" && input.method !== "OPTIONS";
  switch (input.auth) {
    case "none":
      return headers;
    case "bad-cookie":
      headers.cookie = `${session.cookie.split("=")[0]}=${"A".repeat(43)}`;
      break;
    default:
      headers.cookie = session.cookie;
  }
  if (changes) {
    headers.origin = input.auth === "foreign-origin" ? "https://evil.example" : "http://hailong.test";
    headers["x-csrf-token"] = input.auth === "bad-csrf" ? "not-the-token" : session.csrfToken;
  }
  return headers;
}

describe("every endpoint under generated hostile input", () => {
  it("knows every route of the app, with the schemas of its validators", () => {
    expect(routes.length).toBeGreaterThan(80);
    const withSchemas = routes.filter((r) => Object.keys(r.schemas).length > 0);
    expect(withSchemas.length).toBeGreaterThan(routes.length / 2);
  });

  it.each(routes.map((r, i) => ({ ...r, index: i })))(
    "$key answers 2xx or a 4xx problem, never a 5xx",
    async (route) => {
      const count = Math.max(1, Math.round(PER_ROUTE * weight(route)));
      const inputs = fc.sample(inputsFor(route, world.known, world.caseSecrets), {
        numRuns: count,
        seed: SEED + route.index,
      });
      let session: FuzzSession | undefined = route.access === "staff" ? await world.session(route.role) : undefined;
      const failures: string[] = [];
      const stats = { inputs: 0, unavailable: 0, byStatus: new Map<number, number>() };
      tally.set(route.key, stats);
      let fetches = 0;
      await pool(inputs, CONCURRENCY, async (input) => {
        const via = input.via === "fetch" && fetches++ < FETCHES_PER_ROUTE ? "fetch" : "app";
        const headers = { ...input.headers, ...authHeaders(input, session) };
        if (route.access === "integration") {
          headers.authorization =
            input.auth === "good" ? `Bearer ${world.integrationKey}` : "Bearer nope-nope-nope-nope-nope";
        }
        const req: FuzzRequest = { method: input.method, url: input.url, headers, body: input.body, via };
        let verdict = await send(app, env, req);
        if (verdict.status === 503 && verdict.reason?.includes("/api/problems/database-unavailable")) {
          // The database was out of reach (a 2-core machine under load): the right answer for
          // the moment, not a fault of the input. The same input again must not fail.
          stats.unavailable++;
          await new Promise((r) => setTimeout(r, 1_000));
          verdict = await send(app, env, req);
        }
        stats.inputs++;
        stats.byStatus.set(verdict.status, (stats.byStatus.get(verdict.status) ?? 0) + 1);
        if (!verdict.ok) failures.push(`${verdict.reason}\n    ← ${describeRequest(req)}`);
        // The input signed the session out, changed its password or disabled the account:
        // carry on with a new one so that later inputs still reach validation.
        if (
          session &&
          input.auth === "good" &&
          (verdict.status === 401 || verdict.problemType?.endsWith("/password-change-required"))
        ) {
          session = await world.session(route.role);
        }
      });
      expect(failures.slice(0, 5), `${failures.length} of ${count} inputs failed (seed ${SEED + route.index})`).toEqual(
        [],
      );
    },
    600_000,
  );
});

describe("after the fuzzing", () => {
  it("left the fuzzed agency's audit chain unbroken (changes were audited 16 at a time)", async () => {
    const verdict = await verifyAgencyChain(testDb(), world.agencyId);
    expect(verdict.ok, JSON.stringify(verdict.firstBreak)).toBe(true);
    expect(verdict.checked).toBeGreaterThan(0);
  });
});

describe("exports under formula injection (CSV and XLSX of the periodic report)", () => {
  const DANGEROUS = ["=", "+", "-", "@", "\t", "\r"];

  it("never lets a text cell start a formula, whatever the text (property)", () => {
    const text = fc.oneof(
      fc.tuple(fc.constantFrom(...DANGEROUS), fc.string({ maxLength: 30 })).map(([a, b]) => a + b),
      fc.constantFrom(...FORMULA_PAYLOADS),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, fc.double({ noNaN: true }), (s, n) => {
        const cells = csvCells(csvLine([s, n, null]));
        expect(cells).toHaveLength(3);
        expect(isFormulaCell(cells[0] as string)).toBe(false);
        // Nothing is lost: the reader sees the text, behind an apostrophe when it was dangerous.
        expect(cells[0]).toBe(DANGEROUS.some((d) => s.startsWith(d)) ? `'${s}` : s);
        expect(neutraliseFormula(s).startsWith("'") || !DANGEROUS.some((d) => s.startsWith(d))).toBe(true);
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it("neutralises every name people type when they reach the CSV and XLSX files", async () => {
    const db = testDb();
    const w = await createDashboardWorld(db);
    await insertRatings(db, w, [
      { template: "quick", overall: 1, at: localAt("2026-03-10") },
      { template: "sipas", unit: "branch", overall: 2, criteria: 2, at: localAt("2026-04-10") },
    ]);
    const payloads = FORMULA_PAYLOADS;
    const pick = (i: number) => `${payloads[i % payloads.length]} #${i}`;
    await db
      .updateTable("units")
      .set({ name: pick(0) })
      .where("id", "=", w.desk.id)
      .execute();
    await db
      .updateTable("units")
      .set({ name: pick(1) })
      .where("id", "=", w.branch.id)
      .execute();
    await db
      .updateTable("procedures")
      .set({ name: pick(2) })
      .where("id", "=", w.deskProcedure.id)
      .execute();
    await db
      .updateTable("procedures")
      .set({ name: pick(3) })
      .where("id", "=", w.branchProcedure.id)
      .execute();
    const criteria = await db
      .selectFrom("survey_criteria")
      .where("agency_id", "=", w.agency.id)
      .select("id")
      .orderBy("position")
      .execute();
    for (const [i, c] of criteria.entries()) {
      await db
        .updateTable("survey_criteria")
        .set({ text: pick(4 + i) })
        .where("id", "=", c.id)
        .execute();
    }
    await db
      .insertInto("corrective_actions")
      .values({
        agency_id: w.agency.id,
        unit_id: w.desk.id,
        title: pick(5),
        description: pick(6),
        source: "other",
        due_on: "2026-05-01",
        status: "done",
        evidence: pick(7),
        closed_at: new Date("2026-04-20T03:00:00Z"),
      } as never)
      .execute();
    const client = await signInAs(await createStaff(db, w.agency.id, { role: "manager" }));

    const csv = await client.get("/api/staff/reports/periodic?kind=h1&year=2026&format=csv");
    expect(csv.status).toBe(200);
    const cells = csvCells((await csv.text()).replace(/^\uFEFF/, ""));
    expect(cells.filter(isFormulaCell)).toEqual([]);
    // The payloads are there, neutralised: the check above was not vacuous.
    const shown = cells.filter((c) => payloads.some((p) => c.startsWith(`'${p} #`)));
    expect(shown.length).toBeGreaterThan(3);

    const xlsx = await client.get("/api/staff/reports/periodic?kind=h1&year=2026&format=xlsx");
    expect(xlsx.status).toBe(200);
    const sheets = await readXlsxFile(await xlsx.arrayBuffer());
    const texts = sheets.flatMap((s) => s.data.flat()).filter((v): v is string => typeof v === "string");
    expect(texts.filter(isFormulaCell)).toEqual([]);
    expect(
      texts.filter((t) => t.startsWith("'") && payloads.some((p) => t.startsWith(`'${p}`))).length,
    ).toBeGreaterThan(3);
  });
});
