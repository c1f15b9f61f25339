import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { nodeDb } from "../../scripts/lib/node-db";
import { seedCalendarReference } from "../../scripts/seed/calendar-reference";
import { seedCaseRoutingRules } from "../../scripts/seed/case-rules";
import { UNIT } from "../../scripts/seed/demo-agency";
import { hashPassword } from "../../worker/accounts/password";
import {
  axeViolations,
  launchBrowser,
  openPage,
  overflowsHorizontally,
  type Probe,
  screenshot,
} from "./support/browser";

/**
 * A complaint from the phone at the counter to its answer: the citizen files it from the QR
 * page, an inspector of the handling unit accepts, assigns, answers and closes it on the
 * inspectorate's pages, and the citizen reads the answer and rates it on the status page.
 */

const baseUrl = inject("baseUrl");
const demo = inject("demo");
const counter = demo.counters.find((c) => c.publicCode === "khcn68quay1") ?? demo.counters[0]!;
const DESKTOP = { width: 1280, height: 900 };
const inspector = {
  username: `e2e.thanhtra.${Date.now()}`,
  password: "mat-khau-thanh-tra-e2e-2026",
  fullName: "Cán bộ Thanh tra (kiểm thử)",
};
const filed = { code: "", secret: "" };
const complaint = {
  title: "Khiếu nại việc từ chối tiếp nhận hồ sơ công bố hợp quy",
  content:
    "Ngày 10/11/2026 tôi nộp hồ sơ công bố hợp quy tại quầy số 1 nhưng bị từ chối tiếp nhận mà không được giải thích lý do bằng văn bản. Đề nghị Sở xem xét lại.",
  name: "Phạm Văn Khiếu",
  address: "25 Hùng Vương, phường Xuân Hương - Đà Lạt",
  phone: "0905 111 222",
};
const ANSWER = "Sở đã xem xét và tiếp nhận hồ sơ của Ông. Kết quả sẽ được trả trong 05 ngày làm việc.";

/** A 1×1 PNG, as a phone camera would give a (much larger) image. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082",
  "hex",
);

let browser: Browser;
const opened: Probe[] = [];

beforeAll(async () => {
  const db = nodeDb(inject("databaseUrl"));
  try {
    // The national deadline rules, the demo's routing rules, and an inspector of the unit that
    // handles complaints.
    await seedCalendarReference(db);
    await seedCaseRoutingRules(db);
    const unit = await db
      .selectFrom("units")
      .where("agency_id", "=", demo.agency.id)
      .where("code", "=", UNIT.inspectorate)
      .select("id")
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto("staff_users")
      .values({
        agency_id: demo.agency.id,
        username: inspector.username,
        full_name: inspector.fullName,
        role: "inspector",
        password_hash: await hashPassword(inspector.password),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("staff_user_units")
      .values({ agency_id: demo.agency.id, staff_user_id: user.id, unit_id: unit.id })
      .execute();
  } finally {
    await db.destroy();
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

async function open(options?: Parameters<typeof openPage>[1]): Promise<Probe> {
  const probe = await openPage(browser, options);
  opened.push(probe);
  return probe;
}

describe("a complaint from the counter's phone page to its answer", () => {
  test("the citizen files a complaint with a photo on the phone page and gets a tracking code and secret", async () => {
    const { page, consoleErrors, failedRequests } = await open();
    await page.goto(`${baseUrl}/q/${counter.publicCode}`);
    await page.getByRole("link", { name: "Gửi phản ánh, kiến nghị, khiếu nại, tố cáo" }).click();
    await page.getByRole("heading", { level: 1, name: "Gửi phản ánh, kiến nghị, khiếu nại, tố cáo" }).waitFor();
    expect(page.url()).toContain(`/gop-y?quay=${counter.publicCode}`);
    expect(await page.getByText(`Gửi từ ${counter.name}`).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // The plain-language helper.
    await page.getByText("Chưa chắc nên chọn loại nào?").click();
    expect(await page.getByText(/→ Chọn “Khiếu nại”/).isVisible()).toBe(true);

    await page.getByRole("radio", { name: /^Khiếu nại/ }).check();
    expect(await page.getByText("Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ").isVisible()).toBe(true);
    await page.getByLabel("Tiêu đề").fill(complaint.title);
    await page.getByLabel("Nội dung chi tiết").fill(complaint.content);
    await page.getByLabel("Họ và tên").fill(complaint.name);
    await page.getByLabel(/^Địa chỉ/).fill(complaint.address);
    await page.getByLabel("Số điện thoại").fill(complaint.phone);
    await page.getByLabel("Chọn tệp").setInputFiles({ name: "giay-hen.png", mimeType: "image/png", buffer: PNG });
    expect(await page.getByText("giay-hen.png").isVisible()).toBe(true);

    // Sending without the consent shows the error next to the box.
    await page.getByRole("button", { name: "Gửi đơn" }).click();
    await page.getByText("Vui lòng đánh dấu đồng ý để cơ quan xử lý thông tin cá nhân").first().waitFor();
    await page.getByLabel("Tôi đã đọc và đồng ý với nội dung trên.").check();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "cases-intake-filled");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Gửi đơn" }).click();
    await page.getByRole("heading", { name: "Cơ quan đã nhận đơn của Ông/Bà" }).waitFor();
    filed.code = (await page.getByTestId("case-code").textContent()) ?? "";
    filed.secret = (await page.getByTestId("case-secret").textContent()) ?? "";
    expect(filed.code).toMatch(/^KN\.\d{8}\.\d{4}$/);
    expect(filed.secret).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await page.getByText("Đã tải lên giay-hen.png").waitFor();
    expect(await page.getByText("Thanh tra Sở").isVisible()).toBe(true);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "cases-intake-receipt");
    expect(await axeViolations(page)).toEqual([]);
    // The first submission was refused on purpose (no consent): a 422, which Chromium also logs.
    expect(failedRequests.filter((r) => !r.includes("/api/public/cases: 422"))).toEqual([]);
    expect(consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  });

  test("an inspector finds it in the queue, accepts, assigns, answers and closes it", async () => {
    expect(filed.code).not.toBe("");
    const { page, consoleErrors } = await open({ viewport: DESKTOP });
    const signIn = await page.request.post(`${baseUrl}/api/auth/sign-in`, {
      data: { username: inspector.username, password: inspector.password },
    });
    expect(signIn.status()).toBe(200);

    await page.goto(`${baseUrl}/staff/cases?kind=complaint`);
    const item = page.locator(`[data-case-code="${filed.code}"]`);
    await item.waitFor();
    expect(await item.getByText("Đã tiếp nhận").isVisible()).toBe(true);
    expect(await item.locator("[data-due-state]").count()).toBe(1);
    await screenshot(page, "cases-queue");
    expect(await axeViolations(page)).toEqual([]);

    await item.getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: new RegExp(filed.code.replaceAll(".", "\\.")) }).waitFor();
    expect(await page.getByText(/Căn cứ: .*(TT 07\/2013|ND 155\/2026)/).isVisible()).toBe(true);
    expect(await page.getByText("giay-hen.png", { exact: true }).isVisible()).toBe(true);

    const act = async (action: string, then?: () => Promise<void>) => {
      await page.getByRole("combobox", { name: "Chọn thao tác" }).selectOption({ label: action });
      await then?.();
      await page.getByRole("button", { name: `Thực hiện: ${action}` }).click();
      await page.getByRole("button", { name: `Thực hiện: ${action}` }).waitFor({ state: "detached" });
    };
    await act("Thụ lý");
    await page.getByText("Đã thụ lý", { exact: true }).first().waitFor();
    await act("Giao xử lý", () => page.getByLabel(inspector.fullName).check());
    await page.getByText("Đã giao xử lý", { exact: true }).first().waitFor();
    await act("Bắt đầu xử lý");
    await page.getByText("Đang xử lý", { exact: true }).first().waitFor();

    // The complainant's details: the handling unit's inspector may open them; the view is logged.
    await page.getByRole("button", { name: "Xem thông tin người gửi" }).click();
    await page.getByTestId("identity").getByText(complaint.name).waitFor();

    await page.getByLabel("Nội dung trả lời").fill(ANSWER);
    await page.getByLabel("Số văn bản").fill("789/TTr-SKHCN");
    await page.getByRole("button", { name: "Lưu câu trả lời" }).click();
    await page.getByText("Đã trả lời", { exact: true }).first().waitFor();
    await screenshot(page, "cases-case-answered");
    await act("Kết thúc");
    await page.getByText("Đã kết thúc", { exact: true }).first().waitFor();
    expect(await page.getByText("Không còn thao tác nào ở trạng thái này.").isVisible()).toBe(true);
    expect(await page.getByText("Xem thông tin người gửi").count()).toBeGreaterThan(0); // in the log
    await screenshot(page, "cases-case-closed");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test("the citizen reads the answer on the status page and rates it", async () => {
    expect(filed.code).not.toBe("");
    const { page, consoleErrors, failedRequests } = await open();
    await page.goto(`${baseUrl}/tra-cuu/${filed.code}#ma=${filed.secret}`);
    await page.getByRole("heading", { name: "Câu trả lời của cơ quan" }).waitFor();
    // The secret left the address bar once read.
    expect(page.url()).not.toContain(filed.secret);
    expect(await page.getByText(ANSWER).isVisible()).toBe(true);
    expect(await page.getByText("Văn bản số 789/TTr-SKHCN").isVisible()).toBe(true);
    expect(await page.getByText("Đã kết thúc").first().isVisible()).toBe(true);
    expect(await page.getByText(/Đơn của Ông\/Bà đã được thụ lý giải quyết/).isVisible()).toBe(true);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, "cases-status-answered");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Hài lòng", exact: true }).click();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Cảm ơn Ông/Bà đã đánh giá: Hài lòng.").waitFor();
    await screenshot(page, "cases-status-rated");

    // English, same page.
    await page.getByRole("button", { name: /^EN/ }).click();
    await page.getByRole("heading", { name: "The agency's answer" }).waitFor();
    await screenshot(page, "cases-status-en");
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  test("a wrong secret gets the look-up form with the same message as an unknown code", async () => {
    const { page } = await open();
    await page.goto(`${baseUrl}/tra-cuu/${filed.code}#ma=AAAA-BBBB-CCCC-DDDD`);
    await page.getByText("Mã đơn hoặc mã bí mật không đúng.").waitFor();
    expect(await page.getByLabel("Mã tra cứu").inputValue()).toBe(filed.code);
    await screenshot(page, "cases-status-wrong-secret");
    expect(await axeViolations(page)).toEqual([]);
  });
});
