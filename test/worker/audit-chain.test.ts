import { describe, expect, it } from "vitest";
import {
  type AuditRecord,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  normaliseDetails,
  verifyChain,
} from "../../worker/audit/audit.chain";

async function buildChain(n: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      agencyId: "7f1a3c1e-0000-4000-8000-000000000001",
      seq: String(seq),
      at: new Date(Date.UTC(2026, 10, 22, 8, 0, seq)),
      actorId: null,
      actorLabel: "system",
      action: "settings.changed",
      subjectType: "unit",
      subjectId: `u${seq}`,
      details: normaliseDetails({ seq, changes: { name: { from: "A", to: "B" } } }),
      prevHash: prev,
    };
    const hash = await auditHash(base);
    out.push({ ...base, hash });
    prev = hash;
  }
  return out;
}

describe("canonicalJson", () => {
  it("gives the same text whatever the key order, as jsonb returns keys in its own order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: "ư" })).toBe('{"b":"ư"}');
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain and an empty one", async () => {
    const chain = await buildChain(4);
    const head = { seq: "4", hash: chain[3]?.hash ?? "" };
    expect(await verifyChain(chain, head)).toMatchObject({ ok: true, checked: 4, lastSeq: "4" });
    expect(await verifyChain([], null)).toMatchObject({ ok: true, checked: 0, lastSeq: null });
  });

  it("names an edited entry", async () => {
    const chain = await buildChain(4);
    chain[1] = { ...(chain[1] as AuditRecord), actorLabel: "someone else" };
    expect((await verifyChain(chain, null)).firstBreak).toMatchObject({ seq: "2", reason: "hash_mismatch" });
  });

  it("names a deleted entry, in the middle or at the start", async () => {
    const chain = await buildChain(4);
    expect((await verifyChain([chain[0], chain[2], chain[3]] as AuditRecord[], null)).firstBreak).toMatchObject({
      seq: "2",
      reason: "missing_row",
    });
    expect((await verifyChain(chain.slice(1), null)).firstBreak).toMatchObject({ seq: "1", reason: "missing_row" });
  });

  it("names a deleted tail through the head, and a head that disagrees with the last entry", async () => {
    const chain = await buildChain(4);
    const head = { seq: "4", hash: chain[3]?.hash ?? "" };
    expect((await verifyChain(chain.slice(0, 3), head)).firstBreak).toMatchObject({ seq: "4", reason: "missing_row" });
    expect((await verifyChain(chain, { seq: "4", hash: GENESIS_HASH })).firstBreak).toMatchObject({
      seq: "4",
      reason: "head_mismatch",
    });
  });

  it("names an entry replaced by a self-consistent forgery at the next link", async () => {
    const chain = await buildChain(3);
    const forged = { ...(chain[1] as AuditRecord), actorLabel: "forger" };
    const { hash: _, ...rest } = forged;
    forged.hash = await auditHash(rest);
    expect((await verifyChain([chain[0], forged, chain[2]] as AuditRecord[], null)).firstBreak).toMatchObject({
      seq: "3",
      reason: "prev_hash_mismatch",
    });
  });

  it("names a duplicated entry", async () => {
    const chain = await buildChain(3);
    expect(
      (await verifyChain([chain[0], chain[1], chain[1], chain[2]] as AuditRecord[], null)).firstBreak,
    ).toMatchObject({ seq: "3", reason: "unexpected_seq" });
  });
});
