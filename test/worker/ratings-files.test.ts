import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { RatingFileSchema, SubmissionReceiptSchema } from "../../schema/api/ratings";
import { parseTokenKeys, signFileToken } from "../../worker/ratings/tokens";
import { createAgency, createProcedure, createUnit } from "./support/factories";
import {
  createFile,
  createRatingWorld,
  deviceHeaders,
  fileToken,
  get,
  post,
  quickBody,
} from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

const DAY = 86_400_000;
const ALREADY_RATED_VI = "Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!";

function fileBody(world: Parameters<typeof quickBody>[0], token: string) {
  return quickBody(world, { source: { kind: "file_token", token } });
}

describe("rating a file through the QR on its receipt", () => {
  it("shows the file, rates it once, binds the rating to the file and spends the token", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const token = await fileToken(world.file);

    const before = await get(`/file/${token}`);
    expect(before.status).toBe(200);
    const shown = RatingFileSchema.parse(await before.json());
    expect(shown).toMatchObject({
      agency: { code: world.agency.code },
      file: {
        code: world.file.code,
        procedureName: world.procedure.name,
        unitName: "Bộ phận Một cửa",
        status: "returned",
      },
      survey: { id: world.quick.id, kind: "quick", version: 1 },
      alreadyRated: false,
    });
    expect(shown.rateUntil).not.toBeNull();

    const body = fileBody(world, token);
    const res = await post("/submissions", body);
    expect(res.status).toBe(201);
    const receipt = SubmissionReceiptSchema.parse(await res.json());
    const row = await db.selectFrom("submissions").selectAll().where("id", "=", receipt.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "file_qr",
      file_id: world.file.id,
      procedure_id: world.procedure.id,
      counter_id: world.counter.id,
      unit_id: world.file.unit_id,
      flagged: false,
    });
    const spent = await db.selectFrom("rating_tokens_used").selectAll().where("file_id", "=", world.file.id).execute();
    expect(spent).toHaveLength(1);
    expect(spent[0]?.submission_id).toBe(receipt.id);

    const after = RatingFileSchema.parse(await (await get(`/file/${token}`)).json());
    expect(after.alreadyRated).toBe(true);
  });

  it("answers a second rating with the same token as already rated, in Vietnamese, and stores nothing", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const token = await fileToken(world.file);
    expect((await post("/submissions", fileBody(world, token))).status).toBe(201);

    const again = await post("/submissions", fileBody(world, token));
    expect(again.status).toBe(409);
    const problem = ProblemSchema.parse(await again.json());
    expect(problem.type).toBe("/api/problems/already-rated");
    expect(problem.title).toBe("Hồ sơ đã được đánh giá");
    expect(problem.detail).toBe(ALREADY_RATED_VI);
    expect(problem.i18n?.en.detail).toBe("This file has already been rated. Thank you!");
    const rows = await db.selectFrom("submissions").select("id").where("file_id", "=", world.file.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("treats a second token for an already rated file as already rated (one rating per file)", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    expect((await post("/submissions", fileBody(world, await fileToken(world.file)))).status).toBe(201);
    const reprinted = await fileToken(world.file);
    const res = await post("/submissions", fileBody(world, reprinted));
    expect(res.status).toBe(409);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/already-rated");
  });

  it("replays a retry of the submission that rated the file instead of answering 409", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = fileBody(world, await fileToken(world.file));
    const first = await post("/submissions", body);
    expect(first.status).toBe(201);
    const retry = await post("/submissions", body);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
  });

  it("stores one rating when two different submissions for one file race, and tells the other it was rated", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const token = await fileToken(world.file);
    const responses = await Promise.all([
      post("/submissions", fileBody(world, token)),
      post("/submissions", fileBody(world, token)),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await db.selectFrom("submissions").select("id").where("file_id", "=", world.file.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses a token whose signature or payload was altered, with a citizen-readable Vietnamese problem", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const token = await fileToken(world.file);
    const [v, kid, payload, sig] = token.split(".") as [string, string, string, string];
    const otherFile = await createFile(db, world.agency.id, world.unit.id, world.procedure.id);
    const otherPayload = (await fileToken(otherFile)).split(".")[2];
    const badSig = `${sig.slice(0, -2)}${sig.endsWith("AA") ? "BA" : "AA"}`;

    for (const forged of [`${v}.${kid}.${payload}.${badSig}`, `${v}.${kid}.${otherPayload}.${sig}`]) {
      const res = await get(`/file/${forged}`);
      expect(res.status).toBe(400);
      const problem = ProblemSchema.parse(await res.json());
      expect(problem.type).toBe("/api/problems/rating-token-invalid");
      expect(problem.detail).toContain("Vui lòng quét lại mã QR trên Giấy tiếp nhận hồ sơ");
      const submit = await post("/submissions", fileBody(world, forged));
      expect(submit.status).toBe(400);
    }
    const rows = await db.selectFrom("submissions").select("id").where("agency_id", "=", world.agency.id).execute();
    expect(rows).toHaveLength(0);
  });

  it("refuses a token signed with a key the deployment does not hold", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const stranger = parseTokenKeys(`x1:${btoa("a key that this deployment never had!!")}`);
    const token = await signFileToken(
      { agencyId: world.agency.id, fileId: world.file.id, expiresAt: new Date(Date.now() + DAY) },
      stranger,
    );
    const res = await get(`/file/${token}`);
    expect(res.status).toBe(400);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/rating-token-invalid");
  });

  it("refuses a genuine token naming a file of another agency", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const other = await createAgency(db);
    const token = await fileToken(world.file, { agencyId: other.id });
    const res = await get(`/file/${token}`);
    expect(res.status).toBe(400);
    expect(ProblemSchema.parse(await res.json()).type).toBe("/api/problems/rating-token-invalid");
    expect((await post("/submissions", fileBody(world, token))).status).toBe(400);
  });

  it("refuses an expired token with 410 and the date in Vietnamese", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const token = await fileToken(world.file, { expiresAt: new Date(Date.UTC(2026, 0, 15, 3)) });
    const res = await get(`/file/${token}`);
    expect(res.status).toBe(410);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/rating-expired");
    expect(problem.detail).toContain("đã kết thúc ngày 15/01/2026");
    const submit = await post("/submissions", fileBody(world, token));
    expect(submit.status).toBe(410);
  });

  it("closes rating RATING_WINDOW_DAYS (30) after the result was returned, even with a valid token", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const received = new Date(Date.now() - 60 * DAY);
    const old = await createFile(db, world.agency.id, world.unit.id, world.procedure.id, {
      received_at: received,
      due_at: new Date(received.getTime() + 10 * DAY),
      returned_at: new Date(Date.now() - 31 * DAY),
    });
    const res = await get(`/file/${await fileToken(old)}`);
    expect(res.status).toBe(410);
    const lookup = await post("/lookup", { agencyCode: world.agency.code, fileCode: old.code });
    expect(lookup.status).toBe(410);
  });
});

describe("rating a file by typing its code", () => {
  it("finds a file by its code as typed (lower case, spaces) and says whether it was rated", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post("/lookup", {
      agencyCode: world.agency.code,
      fileCode: `  ${world.file.code.toLowerCase()} `,
    });
    expect(res.status).toBe(200);
    const body = RatingFileSchema.parse(await res.json());
    expect(body).toMatchObject({
      file: { code: world.file.code },
      alreadyRated: false,
      survey: { id: world.quick.id },
    });
  });

  it("answers an unknown file code with a Vietnamese not-found problem", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await post("/lookup", { agencyCode: world.agency.code, fileCode: "H15.50.05.13-261008-9999" });
    expect(res.status).toBe(404);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.detail).toBe(
      "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã hồ sơ trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    );
  });

  it("refuses a malformed file code with a field message the citizen can act on", async () => {
    const res = await post("/lookup", { agencyCode: "SKHCN", fileCode: "mã hồ sơ?" });
    expect(res.status).toBe(422);
    expect(ProblemSchema.parse(await res.json()).errors).toEqual([
      {
        path: "fileCode",
        message: "Mã hồ sơ không đúng định dạng. Vui lòng nhập đúng mã trên Giấy tiếp nhận hồ sơ.",
        messageEn: expect.any(String),
      },
    ]);
  });

  it("rates a typed file once; another submission for it is told the file was already rated", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const source = { kind: "file_code" as const, agencyCode: world.agency.code, fileCode: world.file.code };
    const first = await post("/submissions", quickBody(world, { source }));
    expect(first.status).toBe(201);
    const { id } = SubmissionReceiptSchema.parse(await first.json());
    expect(
      await db.selectFrom("submissions").select(["channel", "file_id"]).where("id", "=", id).executeTakeFirst(),
    ).toEqual({
      channel: "file_code",
      file_id: world.file.id,
    });

    const second = await post("/submissions", quickBody(world, { source }));
    expect(second.status).toBe(409);
    expect(ProblemSchema.parse(await second.json()).detail).toBe(ALREADY_RATED_VI);
    const lookup = RatingFileSchema.parse(
      await (await post("/lookup", { agencyCode: world.agency.code, fileCode: world.file.code })).json(),
    );
    expect(lookup.alreadyRated).toBe(true);
  });

  it("offers the agency's newest published quick survey for a file received without a counter", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const unit = await createUnit(db, world.agency.id);
    const procedure = await createProcedure(db, world.agency.id, unit.id);
    const online = await createFile(db, world.agency.id, unit.id, procedure.id, { channel: "online" });
    const body = RatingFileSchema.parse(
      await (await post("/lookup", { agencyCode: world.agency.code, fileCode: online.code }, deviceHeaders())).json(),
    );
    expect(body.survey?.id).toBe(world.quick.id);
    expect(body.file.unitName).toBe("Văn phòng Sở");
  });
});
