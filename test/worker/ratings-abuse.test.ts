import { describe, expect, it } from "vitest";
import { SubmissionReceiptSchema, SubmissionRequestSchema } from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE } from "../../schema/surveys/standard-templates";
import type { Db } from "../../worker/db";
import type { Config } from "../../worker/env";
import { ProblemError } from "../../worker/problems";
import { flaggedCounts, satisfactionRate } from "../../worker/ratings/ratings.queries";
import { lookupFile, type RatingDeps, submitRating } from "../../worker/ratings/ratings.service";
import type { TurnstileOutcome, TurnstileVerifier } from "../../worker/ratings/turnstile";
import { answersFor, createRatingWorld, deviceHeaders, post, quickBody, testConfig } from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

/** A fixed instant in the middle of a 10-minute window, so that no test straddles two windows. */
const NOON = new Date("2026-11-23T05:05:00Z");

function deps(over: Partial<Config> = {}, extra: Partial<RatingDeps> = {}): RatingDeps {
  return {
    config: { ...testConfig(), ...over },
    now: NOON,
    client: { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (Linux; Android 14) test" },
    turnstile: null,
    ...extra,
  };
}

/** Turnstile is an outside boundary: this stand-in answers what the test tells it to. */
function fakeTurnstile(outcome: TurnstileOutcome): TurnstileVerifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async verify(token) {
      calls.push(token);
      return outcome;
    },
  };
}

function submit(db: Db, body: unknown, d: RatingDeps) {
  return submitRating(db, SubmissionRequestSchema.parse(body), d);
}

function flags(db: Db, agencyId: string) {
  return db
    .selectFrom("submissions")
    .select(["flagged", "flag_reason"])
    .where("agency_id", "=", agencyId)
    .orderBy("submitted_at")
    .orderBy("id")
    .execute();
}

describe("abuse handling without puzzles", () => {
  it("stores a filled honeypot flagged, answers it like any rating and opens no follow-up", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = quickBody(world, {
      website: "http://spam.example",
      answers: answersFor(QUICK_COUNTER_TEMPLATE, 1),
      reason: "spam",
    });
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(Object.keys(json as object).sort()).toEqual(["followUp", "id", "receivedAt"]);
    expect(SubmissionReceiptSchema.parse(json).followUp).toBe(true);

    const row = await db
      .selectFrom("submissions")
      .select(["flagged", "flag_reason"])
      .where("idempotency_key", "=", body.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ flagged: true, flag_reason: "honeypot" });
    const queue = await db.selectFrom("rating_follow_ups").where("agency_id", "=", world.agency.id).execute();
    expect(queue).toHaveLength(0);
  });

  it("flags the fourth counter-QR rating from one device within ten minutes but still answers 201-like", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    for (let i = 0; i < 4; i++) {
      const { receipt, replayed } = await submit(db, quickBody(world), deps());
      expect(replayed).toBe(false);
      expect(SubmissionReceiptSchema.parse(receipt)).toBeTruthy();
    }
    expect(await flags(db, world.agency.id)).toEqual([
      { flagged: false, flag_reason: null },
      { flagged: false, flag_reason: null },
      { flagged: false, flag_reason: null },
      { flagged: true, flag_reason: "rate_limit_device" },
    ]);
    // The next window starts afresh.
    await submit(db, quickBody(world), deps({}, { now: new Date(NOON.getTime() + 600_000) }));
    expect((await flags(db, world.agency.id)).at(-1)).toEqual({ flagged: false, flag_reason: null });
  });

  it("flags ratings beyond the per-counter limit per minute, whatever the device", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    for (let i = 0; i < 3; i++) {
      const client = { ip: `198.51.100.${i + 1}`, userAgent: `device ${i}` };
      await submit(db, quickBody(world), deps({ RATING_COUNTER_LIMIT_PER_MINUTE: 2 }, { client }));
    }
    expect((await flags(db, world.agency.id)).map((f) => f.flag_reason)).toEqual([null, null, "rate_limit_counter"]);
  });

  it("refuses with 429 and stores nothing once a limit is exceeded many times over", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const d = deps({ RATING_DEVICE_LIMIT: 1, RATING_HARD_LIMIT_FACTOR: 2 });
    await submit(db, quickBody(world), d); // 1: fine
    await submit(db, quickBody(world), d); // 2: over the limit, flagged
    const refused = submit(db, quickBody(world), d); // 3: over limit × 2, refused
    await expect(refused).rejects.toBeInstanceOf(ProblemError);
    await expect(refused).rejects.toMatchObject({ slug: "rate-limited", init: { headers: { "retry-after": "300" } } });
    expect((await flags(db, world.agency.id)).map((f) => f.flag_reason)).toEqual([null, "rate_limit_device"]);
  });

  it("does not count a retry of a stored rating against the device's limit", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const d = deps({ RATING_DEVICE_LIMIT: 1 });
    const body = quickBody(world);
    await submit(db, body, d);
    for (let i = 0; i < 3; i++) expect((await submit(db, body, d)).replayed).toBe(true);
    // Parallel first attempts of one new rating: counted once, inside the one stored row's transaction.
    const racing = quickBody(world);
    const outcomes = await Promise.all([1, 2, 3].map(() => submit(db, racing, deps({ RATING_DEVICE_LIMIT: 2 }))));
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    await submit(db, quickBody(world), deps({ RATING_DEVICE_LIMIT: 3 }));
    expect((await flags(db, world.agency.id)).map((f) => f.flag_reason)).toEqual([null, null, null]);
  });

  it("gives a counter's rating device (kiosk) its own, larger budget", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const source = { kind: "kiosk" as const, publicCode: world.counter.public_code };
    for (let i = 0; i < 5; i++) await submit(db, quickBody(world, { source }), deps({ RATING_KIOSK_DEVICE_LIMIT: 5 }));
    await submit(db, quickBody(world, { source }), deps({ RATING_KIOSK_DEVICE_LIMIT: 5 }));
    const rows = await flags(db, world.agency.id);
    expect(rows.map((r) => r.flag_reason)).toEqual([null, null, null, null, null, "rate_limit_device"]);
    const channels = await db
      .selectFrom("submissions")
      .select("channel")
      .where("agency_id", "=", world.agency.id)
      .execute();
    expect(new Set(channels.map((c) => c.channel))).toEqual(new Set(["kiosk"]));
  });

  it("limits file-code look-ups per device against enumeration, with a 429 and Retry-After", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const d = deps({ RATING_LOOKUP_LIMIT: 3 });
    const req = { agencyCode: world.agency.code, fileCode: world.file.code };
    for (let i = 0; i < 3; i++) await lookupFile(db, req, d);
    await expect(lookupFile(db, req, d)).rejects.toMatchObject({ slug: "rate-limited" });
    // Another device is not affected.
    await lookupFile(db, req, { ...d, client: { ip: "192.0.2.1", userAgent: "other" } });
  });

  it("with Turnstile on, flags ratings without a passing token and keeps the ones that pass", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const on = { TURNSTILE_SECRET: "secret", TURNSTILE_SITE_KEY: "site" };
    const client = (n: number) => ({ client: { ip: `198.51.100.${n}`, userAgent: `ua ${n}` } });
    const passing = fakeTurnstile("passed");
    await submit(db, quickBody(world, { turnstileToken: "ok-token" }), deps(on, { ...client(1), turnstile: passing }));
    await submit(db, quickBody(world), deps(on, { ...client(2), turnstile: passing }));
    await submit(
      db,
      quickBody(world, { turnstileToken: "bad" }),
      deps(on, { ...client(3), turnstile: fakeTurnstile("failed") }),
    );
    await submit(
      db,
      quickBody(world, { turnstileToken: "x" }),
      deps(on, { ...client(4), turnstile: fakeTurnstile("unavailable") }),
    );
    expect(passing.calls).toEqual(["ok-token"]);
    expect((await flags(db, world.agency.id)).map((f) => f.flag_reason)).toEqual([
      null,
      "turnstile_missing",
      "turnstile_failed",
      "turnstile_unavailable",
    ]);
  });

  it("excludes flagged submissions from the satisfaction rate and counts them by reason", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const satisfied = answersFor(QUICK_COUNTER_TEMPLATE, 3);
    const unhappy = { answers: answersFor(QUICK_COUNTER_TEMPLATE, 1), reason: "Không hài lòng" };
    await submit(db, quickBody(world, { answers: satisfied }), deps());
    await submit(db, quickBody(world, unhappy), deps({}, { client: { ip: "192.0.2.9", userAgent: "b" } }));
    // Three bot ratings, all "Không hài lòng": kept, flagged, not counted.
    for (let i = 0; i < 3; i++) {
      await submit(
        db,
        quickBody(world, { ...unhappy, website: "x" }),
        deps({}, { client: { ip: `192.0.2.${20 + i}`, userAgent: "bot" } }),
      );
    }
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const rate = await satisfactionRate(db, world.agency.id, range);
    expect(rate.overall).toEqual({ answers: 2, satisfied: 1, rate: 0.5 });
    expect(rate.criteria).toEqual({ answers: 16, satisfied: 8, rate: 0.5 });
    expect(await flaggedCounts(db, world.agency.id, range)).toEqual({ honeypot: 3 });
    const kept = await db.selectFrom("submissions").select("id").where("agency_id", "=", world.agency.id).execute();
    expect(kept).toHaveLength(5);
  });

  it("lets a file keep its one valid rating slot when a flagged rating of it came first", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const source = { kind: "file_code" as const, agencyCode: world.agency.code, fileCode: world.file.code };
    expect((await post("/submissions", quickBody(world, { source, website: "bot" }), deviceHeaders())).status).toBe(
      201,
    );
    expect((await post("/submissions", quickBody(world, { source }), deviceHeaders())).status).toBe(201);
    const rows = await db
      .selectFrom("submissions")
      .select(["flagged"])
      .where("file_id", "=", world.file.id)
      .orderBy("submitted_at")
      .execute();
    expect(rows.map((r) => r.flagged)).toEqual([true, false]);
  });
});
