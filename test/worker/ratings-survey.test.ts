import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../schema/api/problem";
import { SurveyDefinitionSchema } from "../../schema/api/ratings";
import { QUICK_COUNTER_TEMPLATE } from "../../schema/surveys/standard-templates";
import { createAgency } from "./support/factories";
import { createRatingWorld, createTemplate, get } from "./support/ratings-factories";
import { testDb } from "./support/worker-env";

describe("GET /api/ratings/surveys/:templateId", () => {
  it("serves the quick counter form: 3 levels lowest first, its indicators in order, the overall criterion, a reason at Không hài lòng", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const res = await get(`/surveys/${world.quick.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("public");
    const body = SurveyDefinitionSchema.parse(await res.json());
    expect(body).toMatchObject({ id: world.quick.id, kind: "quick", version: 1, code: "quick" });
    expect(body.scale.levels).toBe(3);
    expect(body.scale.options.map((o) => [o.score, o.label.vi, o.satisfied])).toEqual([
      [1, "Không hài lòng", false],
      [2, "Hài lòng", true],
      [3, "Rất hài lòng", true],
    ]);
    expect(body.followUpAtOrBelow).toBe(1);
    expect(body.reasonRequiredAtOrBelow).toBe(1);
    expect(body.elements.flatMap((e) => e.criteria.map((c) => c.code))).toEqual([
      "ind1",
      "ind2",
      "ind3",
      "ind4",
      "ind6",
      "ind7",
      "convenience",
      "overall",
    ]);
    expect(body.elements.every((e) => e.satisfactionQuestion === null)).toBe(true);
    expect(body.overall).toEqual({
      criterionCode: "overall",
      question: { vi: "Đánh giá tổng thể dịch vụ", en: "Overall rating of the service" },
    });
    expect(body.expectations).toBeNull();
    expect(body.respondent.genders.map((g) => g.value)).toEqual(["female", "male", "other"]);
    expect(body.contactConsent.text.vi).toContain("91/2025/QH15");
    expect(body.turnstileSiteKey).toBeNull();
    expect(body.honeypotField).toBe("website");
  });

  it("serves SIPAS: 5 elements with a satisfaction question each, 22 criteria, a 5-level scale and up to 3 expectations", async () => {
    const db = testDb();
    const world = await createRatingWorld(db);
    const body = SurveyDefinitionSchema.parse(await (await get(`/surveys/${world.sipas.id}`)).json());
    expect(body.kind).toBe("sipas");
    expect(body.scale.options.map((o) => o.label.vi)).toEqual([
      "Rất không hài lòng",
      "Không hài lòng",
      "Bình thường",
      "Hài lòng",
      "Rất hài lòng",
    ]);
    expect(body.followUpAtOrBelow).toBe(3);
    expect(body.reasonRequiredAtOrBelow).toBeNull();
    expect(body.elements).toHaveLength(5);
    expect(body.elements.map((e) => e.criteria.length)).toEqual([4, 5, 6, 3, 4]);
    expect(body.elements[2]?.satisfactionQuestion?.vi).toBe(
      "Mức độ hài lòng của Ông/Bà về: Công chức trực tiếp giải quyết công việc",
    );
    expect(body.elements[4]?.criteria.every((c) => !c.required)).toBe(true);
    expect(body.overall.criterionCode).toBeNull();
    expect(body.expectations?.max).toBe(3);
    expect(body.expectations?.options.map((o) => o.code)).toContain("shorter_time");
  });

  it("answers an unpublished survey with a Vietnamese not-found problem", async () => {
    const db = testDb();
    const agency = await createAgency(db);
    const draft = await createTemplate(db, agency.id, QUICK_COUNTER_TEMPLATE, { publishedAt: null });
    const res = await get(`/surveys/${draft.id}`);
    expect(res.status).toBe(404);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.type).toBe("/api/problems/not-found");
    expect(problem.detail).toBe("Không tìm thấy phiếu đánh giá này. Vui lòng quét lại mã QR.");
  });

  it("refuses a template id that is not a uuid with a 422 naming the field", async () => {
    const res = await get("/surveys/khong-phai-uuid");
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors?.[0]).toMatchObject({ path: "templateId", message: "Mã không đúng định dạng." });
  });
});
