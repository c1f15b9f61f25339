import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Database } from "../../schema/db/database";
import { QUICK_COUNTER_TEMPLATE } from "../../schema/surveys/standard-templates";
import { nodeDb } from "../../scripts/lib/node-db";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  PHONE,
  type Probe,
  screenshot,
} from "./support/browser";
import { openAsDevice } from "./support/rating";

/**
 * The agency admin at work on survey templates and case routing, in Chromium against the real
 * product: a criterion's wording is changed in a draft, the draft is published, and the counter's
 * QR page (/q/<public code>) asks the new wording; a routing rule is added, then deactivated.
 * The survey is a template code and a counter of this test's own, so the demo's counters (used
 * by the other browser tests) keep their survey.
 */

const baseUrl = inject("baseUrl");
const demo = inject("demo");
const admin = inject("staffCredentials").find((c) => c.role === "admin");
const DESKTOP = { width: 1280, height: 900 };
const SLOW = 60_000;
const NEW_WORDING = "Cán bộ tiếp nhận hồ sơ hướng dẫn tận tình, lịch sự (thử nghiệm)";

let browser: Browser;
let db: Kysely<Database>;
const opened: Probe[] = [];
const code = `e2e_${randomBytes(4).toString("hex")}`;
const publicCode = `e2e${randomBytes(6).toString("hex")}`;

beforeAll(async () => {
  browser = await launchBrowser();
  db = nodeDb(inject("databaseUrl"));
  const unit = await db
    .selectFrom("units")
    .where("agency_id", "=", demo.agency.id)
    .where("active", "=", true)
    .orderBy("code")
    .select("id")
    .executeTakeFirstOrThrow();
  // A copy of the standard quick form under a code of this test's own (version 1, published).
  const t = QUICK_COUNTER_TEMPLATE;
  const template = await db
    .insertInto("survey_templates")
    .values({
      agency_id: demo.agency.id,
      code,
      version: 1,
      kind: t.kind,
      name: "Đánh giá nhanh (mẫu thử nghiệm)",
      name_en: t.nameEn,
      scale_levels: t.scaleLevels,
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, e] of t.elements.entries()) {
    const element = await db
      .insertInto("survey_elements")
      .values({ agency_id: demo.agency.id, template_id: template.id, position: i + 1, code: e.code, name: e.name })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("survey_criteria")
      .values(
        e.criteria.map((c, j) => ({
          agency_id: demo.agency.id,
          template_id: template.id,
          element_id: element.id,
          position: j + 1,
          code: c.code,
          text: c.text,
          text_en: c.textEn,
          required: c.required,
        })),
      )
      .execute();
  }
  await db
    .updateTable("survey_templates")
    .set({ overall_criterion_code: t.overallQuestion.criterionCode ?? null })
    .where("id", "=", template.id)
    .execute();
  await db
    .insertInto("counters")
    .values({
      agency_id: demo.agency.id,
      unit_id: unit.id,
      code: `Q-${code}`,
      public_code: publicCode,
      name: "Quầy thử nghiệm mẫu phiếu",
      survey_template_id: template.id,
    })
    .execute();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
  await db?.destroy();
});

async function open(viewport = DESKTOP): Promise<Probe> {
  const probe = await openPage(browser, { viewport });
  opened.push(probe);
  return probe;
}

async function signInTo(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/dang-nhap?next=${encodeURIComponent(path)}`);
  await page.getByLabel("Tên đăng nhập").fill(admin!.username);
  await page.getByLabel(/^Mật khẩu/).fill(admin!.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${baseUrl}${path}`);
}

describe("survey templates (/staff/quan-tri/phieu-khao-sat)", () => {
  test(
    "the admin changes a criterion's wording in a draft, publishes it, and the counter's QR page asks the new wording",
    async () => {
      expect(admin, "the demo seed has an admin").toBeDefined();
      const { page, consoleErrors } = await open();
      await signInTo(page, "/staff/quan-tri/phieu-khao-sat");
      await page.getByRole("heading", { level: 1, name: "Mẫu phiếu khảo sát" }).waitFor();
      const section = page.locator(`[data-survey-code="${code}"]`);
      await section.waitFor();
      // The demo's own templates are listed with the counters that use them.
      expect(await page.locator("[data-survey-code]").count()).toBeGreaterThanOrEqual(3);
      expect(await section.textContent()).toContain("Quầy thử nghiệm mẫu phiếu");
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, "admin-surveys-list");

      await section.getByRole("button", { name: "Tạo bản nháp từ phiên bản 1" }).click();
      await page.waitForURL(/\/staff\/quan-tri\/phieu-khao-sat\/[0-9a-f-]+$/);
      await page.locator("[data-survey-draft]").waitFor();
      expect(await page.locator("[data-version-status]").textContent()).toBe("Bản nháp");

      const field = page.getByLabel("Tiêu chí ind7 (tiếng Việt)");
      expect(await field.inputValue()).toBe(
        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
      );
      await field.fill(NEW_WORDING);
      // The preview follows what is typed, before saving.
      expect(await page.locator("[data-survey-preview] [data-preview='c:ind7']").textContent()).toContain(NEW_WORDING);
      await page.getByRole("button", { name: "Lưu bản nháp" }).click();
      await page.getByRole("status").filter({ hasText: "Đã lưu bản nháp." }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, "admin-surveys-draft");

      // An empty criterion is refused by the API, shown next to the field and focused.
      await field.fill("");
      await page.getByRole("button", { name: "Lưu bản nháp" }).click();
      const error = page.locator("#f-elements-0-criteria-5-text-vi-error");
      await error.waitFor();
      expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe(
        "f-elements-0-criteria-5-text-vi",
      );
      await screenshot(page, "admin-surveys-draft-error");
      await field.fill(NEW_WORDING);

      await page.getByRole("button", { name: "Ban hành phiên bản này" }).click();
      await page.getByRole("button", { name: "Ban hành", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "Đã ban hành phiên bản 2" }).waitFor();
      expect(await page.locator("[data-version-status]").textContent()).toMatch(/^Đã ban hành \d{2}\/\d{2}\/\d{4}$/);
      expect(await page.locator("[data-survey-draft]").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Ngừng sử dụng phiên bản này" }).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, "admin-surveys-published");
      expect(consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);

      // The citizen who scans the counter's QR next gets version 2 and its wording.
      const citizen = await openAsDevice(browser, "admin-surveys");
      opened.push(citizen);
      await citizen.page.goto(`${baseUrl}/q/${publicCode}`);
      const item = citizen.page.locator("form[data-rating-form] fieldset[data-field='c:ind7']");
      await item.waitFor();
      expect(await item.textContent()).toContain(NEW_WORDING);
      await screenshot(citizen.page, "admin-surveys-citizen-new-wording");
      expect(citizen.consoleErrors).toEqual([]);
    },
    SLOW,
  );

  test("the template pages fit a phone", async () => {
    const { page } = await open(PHONE);
    await signInTo(page, "/staff/quan-tri/phieu-khao-sat");
    await page.locator(`[data-survey-code="${code}"]`).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.locator(`[data-survey-code="${code}"]`).getByRole("link", { name: "Phiên bản 1" }).click();
    await page.locator("[data-survey-preview]").waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "admin-surveys-version-phone");
  });
});

describe("case routing (/staff/quan-tri/phan-luong)", () => {
  test(
    "explains the matching order and the default recipient, adds a rule, then deactivates it",
    async () => {
      const { page, consoleErrors } = await open();
      await signInTo(page, "/staff/quan-tri/phan-luong");
      await page.getByRole("heading", { level: 1, name: "Phân luồng đơn thư" }).waitFor();
      expect(await page.locator("[data-routing-order]").textContent()).toContain("cụ thể nhất");
      await page.locator("[data-routing-form]").waitFor();
      const before = await page.locator("[data-routing-rules] tbody tr").count();
      expect(await page.locator("[data-routing-fallback]").textContent()).toContain("Văn phòng");

      const form = page.locator("[data-routing-form]");
      await form.getByLabel("Loại đơn").selectOption({ label: "Khiếu nại" });
      const units = await form.getByLabel("Đơn vị liên quan").locator("option").allTextContents();
      const source = units.find((u) => /Một cửa/i.test(u)) ?? units[1]!;
      await form.getByLabel("Đơn vị liên quan").selectOption({ label: source });
      const procedures = await form.getByLabel("Thủ tục hành chính").locator("option").allTextContents();
      await form.getByLabel("Thủ tục hành chính").selectOption({ label: procedures[1]! });
      const handlers = await form
        .getByLabel(/^Đơn vị xử lý/)
        .locator("option")
        .allTextContents();
      const handler = handlers.find((u) => /Thanh tra/i.test(u)) ?? handlers[1]!;
      await form.getByLabel(/^Đơn vị xử lý/).selectOption({ label: handler });
      await form.getByLabel("Ghi chú").fill("Khiếu nại về thủ tục này tại Bộ phận Một cửa (thử nghiệm)");
      await form.getByRole("button", { name: "Thêm quy tắc" }).click();
      await page.getByRole("status").filter({ hasText: "Đã thêm quy tắc." }).waitFor();
      expect(await page.locator("[data-routing-rules] tbody tr").count()).toBe(before + 1);
      const row = page.locator("[data-routing-rules] tbody tr", { hasText: "(thử nghiệm)" });
      expect(await row.textContent()).toContain(handler);
      // Most specific first: the new rule (procedure + unit + kind) heads the list.
      expect(await page.locator("[data-routing-rules] tbody tr").first().textContent()).toContain("(thử nghiệm)");
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, "admin-routing-added");

      await row.getByRole("button", { name: "Ngừng áp dụng" }).click();
      await page.getByRole("status").filter({ hasText: "Đã ngừng áp dụng quy tắc." }).waitFor();
      expect(await row.textContent()).toContain("Áp dụng lại");
      const stored = await db
        .selectFrom("case_routing_rules")
        .where("agency_id", "=", demo.agency.id)
        .where("note", "like", "%(thử nghiệm)%")
        .select(["active", "case_kind"])
        .execute();
      expect(stored).toEqual([{ active: false, case_kind: "complaint" }]);
      await screenshot(page, "admin-routing-deactivated");
      expect(consoleErrors).toEqual([]);
    },
    SLOW,
  );
});

describe("in English", () => {
  test("the survey templates and the routing rules read in English with no accessibility violation", async () => {
    const { page } = await open();
    await signInTo(page, "/staff/quan-tri/phieu-khao-sat");
    await page.goto(`${baseUrl}/staff/quan-tri/phieu-khao-sat?lang=en`);
    await page.getByRole("heading", { level: 1, name: "Survey templates" }).waitFor();
    await page.locator("[data-survey-code]").first().waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/staff/quan-tri/phan-luong?lang=en`);
    await page.getByRole("heading", { level: 1, name: "Case routing" }).waitFor();
    await page.getByRole("heading", { name: "Add a rule" }).waitFor();
    await screenshot(page, "admin-routing-en");
    expect(await axeViolations(page)).toEqual([]);
  });
});
