import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { AuditListSchema, AuditVerdictSchema } from "../../schema/api/admin";
import type { Database } from "../../schema/db/database";
import { GENESIS_HASH } from "../../worker/audit/audit.chain";
import { appendAudit, verifyAgencyChain } from "../../worker/audit/audit.service";
import { staffSession } from "./support/accounts-factories";
import { createAgency, uniq } from "./support/factories";
import { testDb } from "./support/worker-env";

async function chainOf(agencyId: string, n: number) {
  const db = testDb();
  for (let i = 1; i <= n; i++) {
    await appendAudit(db, {
      agencyId,
      actorLabel: "Nguyễn Văn Thử (nvt)",
      action: "case.transition",
      subjectType: "case",
      subjectId: `case-${i}`,
      details: { from: "received", to: "accepted", note: `bước ${i}`, at: new Date(Date.UTC(2026, 10, 22)) },
    });
  }
}

/** Runs statements as the superuser with triggers off, in a connection of the test's own. */
async function tamper(db: Kysely<Database>, statement: ReturnType<typeof sql>) {
  await db.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    try {
      await statement.execute(conn);
    } finally {
      await sql`SET session_replication_role = DEFAULT`.execute(conn);
    }
  });
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  throw new Error("expected the statement to fail");
}

describe("appendAudit", () => {
  it("chains each entry to the previous one, from seq 1, and the chain verifies", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 4);
    const rows = await db
      .selectFrom("audit_log")
      .where("agency_id", "=", agency.id)
      .orderBy("seq")
      .selectAll()
      .execute();
    expect(rows.map((r) => r.seq)).toEqual(["1", "2", "3", "4"]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(rows[0]?.details).toEqual({
      from: "received",
      to: "accepted",
      note: "bước 1",
      at: "2026-11-22T00:00:00.000Z",
    });
    const head = await db
      .selectFrom("audit_chain_heads")
      .where("agency_id", "=", agency.id)
      .selectAll()
      .executeTakeFirst();
    expect(head).toMatchObject({ seq: "4", hash: rows[3]?.hash });
    expect(await verifyAgencyChain(db, agency.id)).toMatchObject({
      ok: true,
      checked: 4,
      lastSeq: "4",
      firstBreak: null,
    });
  });

  it("never forks the chain under concurrent appends", async () => {
    const agency = await createAgency(testDb());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(testDb(), {
          agencyId: agency.id,
          actorLabel: "system",
          action: "settings.changed",
          details: { i },
        }),
      ),
    );
    const db = testDb();
    const seqs = await db.selectFrom("audit_log").where("agency_id", "=", agency.id).select("seq").execute();
    expect(seqs.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await verifyAgencyChain(db, agency.id)).ok).toBe(true);
  });

  it("rolls back with the transaction it joined", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, { agencyId: agency.id, actorLabel: "system", action: "case.transition" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.selectFrom("audit_log").where("agency_id", "=", agency.id).selectAll().execute()).toEqual([]);
  });
});

describe("the database keeps audit_log append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, even to the table's owner", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 2);
    const update = await errorOf(
      sql`UPDATE audit_log SET actor_label = 'someone else' WHERE agency_id = ${agency.id}`.execute(db),
    );
    expect(update.code).toBe("42501");
    expect(update.message).toContain("append-only");
    const del = await errorOf(sql`DELETE FROM audit_log WHERE agency_id = ${agency.id}`.execute(db));
    expect(del.code).toBe("42501");
    const truncate = await errorOf(sql`TRUNCATE audit_log`.execute(db));
    expect(truncate.code).toBe("42501");
    const rewind = await errorOf(sql`UPDATE audit_chain_heads SET seq = 0 WHERE agency_id = ${agency.id}`.execute(db));
    expect(rewind.code).toBe("42501");
    expect(await db.selectFrom("audit_log").where("agency_id", "=", agency.id).selectAll().execute()).toHaveLength(2);
  });

  it("grants the application's database role INSERT and SELECT on audit_log, never UPDATE or DELETE", async () => {
    const db = testDb();
    const role = `hailong_app_${uniq()}`;
    await sql`CREATE ROLE ${sql.id(role)} NOLOGIN`.execute(db);
    try {
      await sql`SELECT hailong_grant_app_role(${role})`.execute(db);
      const { rows } = await sql<{ privilege: string; granted: boolean }>`
        SELECT p AS privilege, has_table_privilege(${role}, 'audit_log', p) AS granted
        FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p`.execute(db);
      expect(Object.fromEntries(rows.map((r) => [r.privilege, r.granted]))).toEqual({
        SELECT: true,
        INSERT: true,
        UPDATE: false,
        DELETE: false,
        TRUNCATE: false,
      });
      const { rows: staff } = await sql<{ granted: boolean }>`
        SELECT has_table_privilege(${role}, 'staff_users', 'UPDATE') AS granted`.execute(db);
      expect(staff[0]?.granted).toBe(true);

      const denied = await errorOf(
        db.connection().execute(async (conn) => {
          await sql`SET ROLE ${sql.id(role)}`.execute(conn);
          try {
            await sql`DELETE FROM audit_log WHERE false`.execute(conn);
          } finally {
            await sql`RESET ROLE`.execute(conn);
          }
        }),
      );
      expect(denied.code).toBe("42501");
      expect(denied.message).toContain("permission denied");
    } finally {
      await sql`DROP OWNED BY ${sql.id(role)}`.execute(db);
      await sql`DROP ROLE ${sql.id(role)}`.execute(db);
    }
  });
});

describe("the chain verifier", () => {
  it("names an edited row as the first broken link", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 5);
    await tamper(
      db,
      sql`UPDATE audit_log SET details = jsonb_set(details, '{to}', '"rejected"') WHERE agency_id = ${agency.id} AND seq = 3`,
    );
    const verdict = await verifyAgencyChain(db, agency.id);
    expect(verdict.ok).toBe(false);
    expect(verdict.checked).toBe(2);
    expect(verdict.firstBreak).toMatchObject({ seq: "3", reason: "hash_mismatch" });
    expect(verdict.firstBreak?.message.vi).toContain("số 3");
  });

  it("names a deleted row as the first broken link", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 5);
    await tamper(db, sql`DELETE FROM audit_log WHERE agency_id = ${agency.id} AND seq = 2`);
    const verdict = await verifyAgencyChain(db, agency.id);
    expect(verdict).toMatchObject({ ok: false, checked: 1, firstBreak: { seq: "2", reason: "missing_row" } });
  });

  it("notices a deleted last row through the chain head", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 3);
    await tamper(db, sql`DELETE FROM audit_log WHERE agency_id = ${agency.id} AND seq = 3`);
    const verdict = await verifyAgencyChain(db, agency.id);
    expect(verdict).toMatchObject({ ok: false, checked: 2, firstBreak: { seq: "3", reason: "missing_row" } });
  });

  it("notices a row rewritten with a recomputed hash, at the next row's link", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    await chainOf(agency.id, 3);
    // A forger who rewrites entry 2 and its hash still breaks entry 3's link to it.
    await tamper(db, sql`UPDATE audit_log SET hash = repeat('a', 64) WHERE agency_id = ${agency.id} AND seq = 2`);
    const verdict = await verifyAgencyChain(db, agency.id);
    expect(verdict.firstBreak).toMatchObject({ seq: "2", reason: "hash_mismatch" });
  });
});

describe("GET /api/admin/audit", () => {
  it("lists the agency's entries newest first, page by page, and verifies the chain", async () => {
    const db = testDb();
    const { client, agency } = await staffSession(db, "admin");
    await chainOf(agency.id, 3);
    const first = AuditListSchema.parse(await (await client.get("/api/admin/audit?limit=2")).json());
    expect(first.entries.map((e) => e.action)).toEqual(["case.transition", "case.transition"]);
    expect(first.entries[0]?.seq).toBe("4"); // entry 1 is the admin's own sign-in
    expect(first.nextBefore).toBe("3");
    const second = AuditListSchema.parse(
      await (await client.get(`/api/admin/audit?limit=2&before=${first.nextBefore}`)).json(),
    );
    expect(second.entries.map((e) => e.seq)).toEqual(["2", "1"]);
    expect(second.entries[1]?.action).toBe("auth.sign_in");
    expect(second.nextBefore).toBeNull();
    const filtered = AuditListSchema.parse(await (await client.get("/api/admin/audit?action=auth.sign_in")).json());
    expect(filtered.entries).toHaveLength(1);

    const ok = AuditVerdictSchema.parse(await (await client.get("/api/admin/audit/verify")).json());
    expect(ok).toMatchObject({ ok: true, checked: 4, firstBreak: null });
    await tamper(db, sql`DELETE FROM audit_log WHERE agency_id = ${agency.id} AND seq = 3`);
    const broken = AuditVerdictSchema.parse(
      await (await client.fetch("/api/admin/audit/verify", { headers: { "accept-language": "en" } })).json(),
    );
    expect(broken).toMatchObject({ ok: false, firstBreak: { seq: "3", reason: "missing_row" } });
    expect(broken.firstBreak?.message).toBe("Entry 3 is missing (it was deleted).");
  });
});
