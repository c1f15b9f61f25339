/**
 * Key rotation of the identity store. To rotate CASE_IDENTITY_KEYS, prepend a new key
 * ("k2:…,k1:…"): new data is encrypted with it at once, and this job (run by the Cron Trigger,
 * worker/cron.ts) re-encrypts, a batch per run, the identities and identifying attachments still
 * under an older key. When it reports nothing left, the old key can be removed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../schema/db/database";
import {
  attachmentAad,
  identityAad,
  type Keyring,
  openBytes,
  openText,
  sealBytes,
  sealText,
  toBase64Url,
} from "./identity-crypto";

type Db = Kysely<Database>;

export interface RekeyRun {
  identities: number;
  attachments: number;
  /** Rows still under an older key after this run. */
  left: number;
}

export async function reencryptOldKeys(
  db: Db,
  ring: Keyring,
  bucket: R2Bucket | undefined,
  now: Date,
  options: { limit?: number; agencyId?: string } = {},
): Promise<RekeyRun> {
  const primary = ring.primary.kid;
  const limit = options.limit ?? 200;
  const agencyIds = options.agencyId ? [options.agencyId] : null;
  const identities = await db
    .selectFrom("case_identities")
    .where("key_id", "!=", primary)
    .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
    .select(["agency_id", "case_id", "key_id", "iv", "ciphertext"])
    .limit(limit)
    .execute();
  for (const row of identities) {
    const aad = identityAad(row.agency_id, row.case_id);
    const plain = await openText(ring, { keyId: row.key_id, iv: row.iv, ciphertext: row.ciphertext }, aad);
    const sealed = await sealText(ring, plain, aad);
    await db
      .updateTable("case_identities")
      .set({ key_id: sealed.keyId, iv: sealed.iv, ciphertext: sealed.ciphertext, reencrypted_at: now })
      .where("agency_id", "=", row.agency_id)
      .where("case_id", "=", row.case_id)
      .where("key_id", "=", row.key_id)
      .execute();
  }

  let attachments = 0;
  if (bucket) {
    const rows = await db
      .selectFrom("case_attachments")
      .where("identifying", "=", true)
      .where("key_id", "!=", primary)
      .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
      .select(["id", "agency_id", "case_id", "object_key", "key_id", "iv", "name_iv", "name_ciphertext"])
      .limit(Math.max(1, Math.floor(limit / 10)))
      .execute();
    for (const a of rows) {
      if (!a.key_id || !a.iv || !a.name_iv || !a.name_ciphertext) continue;
      const object = await bucket.get(a.object_key);
      if (!object) continue;
      const contentAad = attachmentAad(a.agency_id, a.id, "content");
      const nameAad = attachmentAad(a.agency_id, a.id, "name");
      const content = await openBytes(
        ring,
        { keyId: a.key_id, iv: a.iv, ciphertext: new Uint8Array(await object.arrayBuffer()) },
        contentAad,
      );
      const name = await openText(ring, { keyId: a.key_id, iv: a.name_iv, ciphertext: a.name_ciphertext }, nameAad);
      const sealedContent = await sealBytes(ring, content, contentAad);
      const sealedName = await sealText(ring, name, nameAad);
      // New bytes go under a new key; the row moves to them; the old object goes last. A failure
      // at any point leaves a row that still decrypts.
      const newKey = `cases/${a.case_id}/${toBase64Url(crypto.getRandomValues(new Uint8Array(18)))}`;
      await bucket.put(newKey, sealedContent.ciphertext, {
        httpMetadata: object.httpMetadata,
        customMetadata: { ...object.customMetadata },
      });
      try {
        await db
          .updateTable("case_attachments")
          .set({
            object_key: newKey,
            key_id: sealedContent.keyId,
            iv: sealedContent.iv,
            name_iv: sealedName.iv,
            name_ciphertext: sealedName.ciphertext,
          })
          .where("id", "=", a.id)
          .where("object_key", "=", a.object_key)
          .execute();
      } catch (err) {
        await bucket.delete(newKey).catch(() => {});
        throw err;
      }
      await bucket.delete(a.object_key);
      attachments++;
    }
  }

  const [identitiesLeft, attachmentsLeft] = await Promise.all([
    db
      .selectFrom("case_identities")
      .where("key_id", "!=", primary)
      .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("case_attachments")
      .where("identifying", "=", true)
      .where("key_id", "!=", primary)
      .$if(agencyIds !== null, (q) => q.where("agency_id", "in", agencyIds ?? []))
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    identities: identities.length,
    attachments,
    left: Number(identitiesLeft.n) + Number(attachmentsLeft.n),
  };
}
