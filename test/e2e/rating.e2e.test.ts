import type { Kysely } from "kysely";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Database } from "../../schema/db/database";
import { axeViolations, launchBrowser, overflowsHorizontally, type Probe, screenshot } from "./support/browser";
import {
  openAsDevice,
  outboxKeys,
  ratedFile,
  ratingDb,
  signFileToken,
  submissionsWithKey,
  unratedFile,
} from "./support/rating";

/**
 * The citizen's rating, in Chromium at 360 × 740 against the real product (wrangler dev +
 * PostgreSQL, demo seed): counter QR → form → thank-you in Vietnamese and English, the long
 * SIPAS form, the receipt QR and typed file code (one rating per file), the offline outbox
 * (stored once however often it is retried), and the counter's kiosk that forgets each citizen.
 */

const baseUrl = inject("baseUrl");
const demo = inject("demo");
const quickCounter = demo.counters.find((c) => c.surveyKind === "quick")!;
const sipasCounter = demo.counters.find((c) => c.surveyKind === "sipas")!;

let browser: Browser;
let db: Kysely<Database>;
const opened: Probe[] = [];
const takenFiles = new Set<string>();
/** Two pages, axe on every step, a kiosk countdown: more than the default on a busy 2-core runner. */
const SLOW = 60_000;

beforeAll(async () => {
  browser = await launchBrowser();
  db = ratingDb(inject("databaseUrl"));
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
  await db?.destroy();
});

async function open(device: string, path: string, options?: Parameters<typeof openAsDevice>[2]): Promise<Probe> {
  const probe = await openAsDevice(browser, device, options);
  opened.push(probe);
  await probe.page.goto(`${baseUrl}${path}`);
  return probe;
}

/** Answers every question of the quick form with the level named (exact label). */
async function answerAll(page: Page, level: string): Promise<void> {
  const groups = page.locator("form[data-rating-form] fieldset[data-field^='c:']");
  await groups.first().waitFor();
  for (const group of await groups.all()) await group.getByRole("radio", { name: level, exact: true }).check();
}

/** The idempotency key of the rating the page just queued or sent (read from the API call). */
function keyOf(body: string | null): string {
  return (JSON.parse(body ?? "{}") as { idempotencyKey: string }).idempotencyKey;
}

async function expectClean(probe: Probe, shot?: string): Promise<void> {
  expect(await overflowsHorizontally(probe.page)).toBe(false);
  if (shot) await screenshot(probe.page, shot);
  expect(await axeViolations(probe.page)).toEqual([]);
}

/** Every link and button on the page at least 44 × 44 px (the honeypot excepted: it is not shown). */
async function smallTargets(page: Page): Promise<string[]> {
  const small: string[] = [];
  for (const target of await page.locator("a, button, label:has(input)").all()) {
    const box = await target.boundingBox();
    // Not shown: the skip link above the page, the honeypot off screen, a closed <details>.
    if (!box || box.y + box.height <= 0 || box.x < 0 || box.width * box.height === 0) continue;
    if (box.width < 44 || box.height < 44) {
      small.push(
        `${(await target.textContent())?.trim().slice(0, 40)}: ${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
      );
    }
  }
  return small;
}

describe("rating a counter from its QR code (/q/:publicCode)", { timeout: SLOW }, () => {
  test("in Vietnamese: answer, send, see “Đã gửi”; one row stored; no external script, no accessibility violation", async () => {
    const probe = await open("qr-vi", `/q/${quickCounter.publicCode}`);
    const { page } = probe;
    await answerAll(page, "Rất hài lòng");
    expect(await smallTargets(page)).toEqual([]);
    await expectClean(probe, "rating-quick-form-vi");

    // The honeypot the API expects: present for bots, hidden from people and screen readers.
    const trap = page.locator(`input[name="website"]`);
    expect(await trap.getAttribute("tabindex")).toBe("-1");
    expect(await trap.getAttribute("autocomplete")).toBe("off");
    expect(await page.locator("[aria-hidden='true'] input[name='website']").count()).toBe(1);

    const request = page.waitForRequest((r) => r.url().endsWith("/api/ratings/submissions"));
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    const key = keyOf((await request).postData());
    await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
    expect(await page.locator("[data-rating-status]").getAttribute("data-rating-status")).toBe("sent");
    expect(await page.getByText("Đã gửi", { exact: true }).isVisible()).toBe(true);
    await expectClean(probe, "rating-quick-thanks-vi");

    const rows = await submissionsWithKey(db, key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "counter_qr", overall_score: 3, reason: null, file_id: null });
    const answers = await db.selectFrom("answers").select("score").where("submission_id", "=", rows[0]!.id).execute();
    expect(answers.map((a) => a.score)).toEqual(Array(8).fill(3));
    expect(await outboxKeys(probe)).toEqual([]);
    // Turnstile is off by default: every request stayed on the product's own origin.
    expect(probe.failedRequests).toEqual([]);
    expect(probe.consoleErrors).toEqual([]);
  });

  test("in English after the VI/EN switch, with the survey wording in English", async () => {
    const probe = await open("qr-en", `/q/${quickCounter.publicCode}`);
    const { page } = probe;
    await page.getByRole("button", { name: /^EN/ }).click();
    await page.getByRole("heading", { name: "Rate our service" }).waitFor();
    await answerAll(page, "Satisfied");
    expect(await page.getByText("Overall rating of the service").isVisible()).toBe(true);
    await expectClean(probe, "rating-quick-form-en");
    await page.getByRole("button", { name: "Send rating" }).click();
    await page.getByRole("heading", { name: "Thank you for your rating!" }).waitFor();
    expect(await page.getByText("Sent", { exact: true }).isVisible()).toBe(true);
    await expectClean(probe, "rating-quick-thanks-en");
    expect(probe.consoleErrors).toEqual([]);
  });

  test("a “Không hài lòng” without a reason shows the Vietnamese field error and focuses the field; with a reason and a consented contact it is sent", async () => {
    const probe = await open("qr-reason", `/q/${quickCounter.publicCode}`);
    const { page } = probe;
    await answerAll(page, "Hài lòng");
    await page.locator("fieldset[data-field='c:ind7']").getByRole("radio", { name: "Không hài lòng" }).check();
    // The follow-up appears with the low answer: reason, optional contact, explicit consent.
    await page.getByRole("heading", { name: "Điều gì chưa tốt?" }).waitFor();
    expect(await page.getByRole("checkbox", { name: /Tôi đồng ý/ }).isChecked()).toBe(false);

    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Vui lòng cho biết lý do Ông/Bà không hài lòng.").waitFor();
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe("rate-reason");
    expect(await page.locator("#rate-reason").getAttribute("aria-invalid")).toBe("true");
    await expectClean(probe, "rating-quick-reason-error-vi");

    await page.locator("#rate-reason").fill("Cán bộ trả lời cộc lốc, không hướng dẫn.");
    await page.getByRole("textbox", { name: "Số điện thoại hoặc email" }).fill("nguoidan.e2e@example.test");
    // A contact without the consent ticked is refused by the page, with focus on the consent.
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Vui lòng đánh dấu đồng ý nếu muốn để lại thông tin liên hệ.").waitFor();
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe("rate-consent");
    await page.getByRole("checkbox", { name: /Tôi đồng ý/ }).check();

    const request = page.waitForRequest((r) => r.url().endsWith("/api/ratings/submissions"));
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    const key = keyOf((await request).postData());
    await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
    expect(await page.getByText("Đơn vị phụ trách sẽ xem xét ý kiến").isVisible()).toBe(true);

    const [row] = await submissionsWithKey(db, key);
    expect(row).toMatchObject({ reason: "Cán bộ trả lời cộc lốc, không hướng dẫn.", overall_score: 2 });
    const followUp = await db
      .selectFrom("rating_follow_ups")
      .select(["contact", "contact_consent_version", "what_went_wrong"])
      .where("submission_id", "=", row!.id)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({ contact: "nguoidan.e2e@example.test", contact_consent_version: "2026-11" });
  });
});

describe("the long SIPAS form", { timeout: SLOW }, () => {
  test("goes part by part with a progress indicator, asks what went wrong after a “Bình thường”, and stores expectations", async () => {
    const probe = await open("sipas", `/q/${sipasCounter.publicCode}`);
    const { page } = probe;
    await page.locator("#rate-progress-text", { hasText: "Phần 1/7" }).waitFor();
    await expectClean(probe, "rating-sipas-step1-vi");

    // Leaving a part with unanswered items: the first one is focused, with its error.
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText("Vui lòng đánh giá nội dung này.").first().waitFor();
    expect(await page.evaluate<string>("document.activeElement?.getAttribute('name') ?? ''")).toBe("rate-c-e1c1");

    for (let part = 1; part <= 5; part++) {
      await page.locator("#rate-progress-text", { hasText: `Phần ${part}/7` }).waitFor();
      const groups = page.locator("fieldset[data-field^='c:']");
      for (const [i, group] of (await groups.all()).entries()) {
        // One "Bình thường" in part 3 (civil servants) makes the rating a low one.
        const level = part === 3 && i === 0 ? "Bình thường" : "Hài lòng";
        await group.getByRole("radio", { name: level, exact: true }).check();
      }
      if (part === 2) {
        await page.locator("fieldset[data-field='e:e2']").getByRole("radio", { name: "Rất hài lòng" }).check();
      }
      if (part > 1) expect(await axeViolations(page), `part ${part}`).toEqual([]);
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    await page.locator("#rate-progress-text", { hasText: "Phần 6/7" }).waitFor();
    await page.locator("fieldset[data-field='overall']").getByRole("radio", { name: "Hài lòng", exact: true }).check();
    for (const area of ["Rút ngắn thời gian", "Tiếp tục đơn giản hóa", "Mở rộng cung cấp dịch vụ công trực tuyến"]) {
      await page.getByRole("checkbox", { name: new RegExp(area) }).check();
    }
    // A fourth choice is refused, and the page says why.
    await page.getByRole("checkbox", { name: /Cải thiện thái độ/ }).click();
    expect(await page.getByRole("checkbox", { name: /Cải thiện thái độ/ }).isChecked()).toBe(false);
    await page.getByText("Ông/Bà đã chọn đủ 3 nội dung.").waitFor();
    await expectClean(probe, "rating-sipas-step6-vi");
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    await page.locator("#rate-progress-text", { hasText: "Phần 7/7" }).waitFor();
    await page.getByRole("heading", { name: "Điều gì chưa tốt?" }).waitFor();
    await page.getByRole("textbox", { name: /Điều gì chưa tốt\?/ }).fill("Phải chờ gần một giờ mới đến lượt.");
    await page.locator("fieldset[data-field='ageBand']").getByRole("radio", { name: "Từ 45 đến 59 tuổi" }).check();
    await expectClean(probe, "rating-sipas-finish-vi");
    const request = page.waitForRequest((r) => r.url().endsWith("/api/ratings/submissions"));
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    const key = keyOf((await request).postData());
    await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();

    const [row] = await submissionsWithKey(db, key);
    expect(row).toMatchObject({ overall_score: 4, channel: "counter_qr" });
    const chosen = await db
      .selectFrom("submission_expectations as x")
      .innerJoin("survey_expectation_options as o", "o.id", "x.option_id")
      .select("o.code")
      .where("x.submission_id", "=", row!.id)
      .orderBy("o.code")
      .execute();
    expect(chosen.map((c) => c.code)).toEqual(["online", "shorter_time", "simplify"]);
    const elements = await db
      .selectFrom("submission_element_scores")
      .select("score")
      .where("submission_id", "=", row!.id)
      .execute();
    expect(elements).toEqual([{ score: 5 }]);
    const followUp = await db
      .selectFrom("rating_follow_ups")
      .select(["what_went_wrong", "contact"])
      .where("submission_id", "=", row!.id)
      .executeTakeFirstOrThrow();
    expect(followUp).toEqual({ what_went_wrong: "Phải chờ gần một giờ mới đến lượt.", contact: null });
    expect(probe.consoleErrors).toEqual([]);
  });
});

describe("one rating per file", { timeout: SLOW }, () => {
  test("the receipt QR (/r/<token>) shows the file and rates it; the same QR again says the file was already rated", async () => {
    const file = await unratedFile(db, demo.agency.id, takenFiles);
    const token = signFileToken(demo.agency.id, file.id);
    const first = await open("receipt-a", `/r/${token}`);
    // A second tab opened on the same receipt before the first one sends.
    const second = await open("receipt-b", `/r/${token}`);
    await first.page.getByText(file.code).waitFor();
    expect(await first.page.getByText(/^\d{2}\/\d{2}\/\d{4}$/).count()).toBeGreaterThanOrEqual(2);
    await answerAll(first.page, "Rất hài lòng");
    await expectClean(first, "rating-receipt-form-vi");
    await first.page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await first.page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
    const rows = await db
      .selectFrom("submissions")
      .select(["channel", "flagged"])
      .where("file_id", "=", file.id)
      .execute();
    expect(rows).toEqual([{ channel: "file_qr", flagged: false }]);

    // The other tab sends too: a thank-you that says the file was already rated, not an error page.
    await answerAll(second.page, "Hài lòng");
    await second.page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await second.page.getByRole("heading", { name: "Hồ sơ đã được đánh giá" }).waitFor();
    expect(await second.page.getByText("Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!").isVisible()).toBe(true);
    await expectClean(second, "rating-receipt-already-rated-vi");

    // Scanning the receipt again later (the fragment form of the link works the same).
    await first.page.goto(`${baseUrl}/r#${token}`);
    await first.page.getByRole("heading", { name: "Hồ sơ đã được đánh giá" }).waitFor();
    expect(await db.selectFrom("submissions").select("id").where("file_id", "=", file.id).execute()).toHaveLength(1);
  });

  test("the typed file code finds the file by its digits; an already rated file is thanked; an unknown code is a field error", async () => {
    const rated = await ratedFile(db, demo.agency.id);
    const probe = await open("code", `/ho-so/${demo.agency.code}`);
    const { page } = probe;
    const input = page.getByRole("textbox", { name: "Mã hồ sơ" });
    await input.fill("2601010999");
    expect(await input.inputValue()).toBe("260101-0999");
    await page.getByRole("button", { name: "Tìm hồ sơ" }).click();
    await page.getByText("Không tìm thấy hồ sơ có mã này", { exact: false }).waitFor();
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe("rate-fileCode");
    await expectClean(probe, "rating-code-unknown-vi");

    await input.fill(rated.code.slice(demo.agency.code.length + 1));
    await page.getByRole("button", { name: "Tìm hồ sơ" }).click();
    await page.getByRole("heading", { name: "Hồ sơ đã được đánh giá" }).waitFor();
    expect(await page.getByText("Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!").isVisible()).toBe(true);
    expect(await page.getByText(rated.code).isVisible()).toBe(true);
    await expectClean(probe, "rating-code-already-rated-vi");
  });
});

describe("a flaky network", { timeout: SLOW }, () => {
  test("offline: the rating waits (“Đang chờ gửi”), survives a reload, and is sent once when the network returns", async () => {
    const probe = await open("offline", `/q/${quickCounter.publicCode}`);
    const { page } = probe;
    const context = page.context();
    await answerAll(page, "Hài lòng");
    await context.setOffline(true);
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Đang chờ gửi", { exact: true }).waitFor();
    expect(await page.getByText("Phiếu đã được lưu trên thiết bị này", { exact: false }).isVisible()).toBe(true);
    const [key] = await outboxKeys(probe);
    expect(key).toBeDefined();
    await expectClean(probe, "rating-offline-pending-vi");

    // Back online: the `online` event sends it, and the same screen turns to "Đã gửi".
    await context.setOffline(false);
    await page.getByText("Đã gửi", { exact: true }).waitFor();
    expect(await outboxKeys(probe)).toEqual([]);
    expect(await submissionsWithKey(db, key!)).toHaveLength(1);
    await screenshot(page, "rating-offline-sent-vi");

    // Offline again, then a reload while still offline: the waiting rating is still there.
    await page.reload();
    await answerAll(page, "Rất hài lòng");
    await context.setOffline(true);
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Đang chờ gửi", { exact: true }).waitFor();
    const [second] = await outboxKeys(probe);
    await page.reload().catch(() => {}); // offline: the document itself may not load
    await context.setOffline(false);
    await page.goto(`${baseUrl}/q/${quickCounter.publicCode}`);
    // The next page load sends what the last visit left.
    await expect.poll(() => outboxKeys(probe), { timeout: 10_000 }).toEqual([]);
    await page.getByText("Đã gửi 1 phiếu đánh giá đang chờ. Cảm ơn Ông/Bà!").waitFor();
    expect(await submissionsWithKey(db, second!)).toHaveLength(1);
  });

  test("an answer lost on the way is retried with the same key and stored exactly once", async () => {
    const probe = await open("lost-answer", `/q/${quickCounter.publicCode}`);
    const { page } = probe;
    await answerAll(page, "Rất hài lòng");
    // The first attempt reaches the API (the rating is stored) but its answer never arrives.
    let attempts = 0;
    await page.route("**/api/ratings/submissions", async (route) => {
      attempts++;
      if (attempts === 1) {
        await route.fetch();
        await route.abort("connectionreset");
      } else await route.continue();
    });
    const replayed = page.waitForResponse((r) => r.url().endsWith("/api/ratings/submissions") && r.status() === 200);
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Đang chờ gửi", { exact: true }).waitFor();
    const [key] = await outboxKeys(probe);
    expect(await submissionsWithKey(db, key!)).toHaveLength(1);

    // Retried on its own (backoff of 1–2 s for the first retry), with the same idempotency key.
    const response = await replayed;
    expect(await response.headerValue("idempotent-replayed")).toBe("true");
    await page.getByText("Đã gửi", { exact: true }).waitFor();
    expect(attempts).toBe(2);
    expect(await submissionsWithKey(db, key!)).toHaveLength(1);
  });
});

describe("the counter's kiosk (/kiosk/:publicCode)", { timeout: SLOW }, () => {
  test("rates a file by its code on the keypad, then resets itself and keeps nothing of the citizen", async () => {
    const file = await unratedFile(db, demo.agency.id, takenFiles);
    const probe = await open("kiosk", `/kiosk/${quickCounter.publicCode}?reset=3`, {
      viewport: { width: 800, height: 1280 },
    });
    const { page } = probe;
    await page.getByRole("heading", { name: "Mời Ông/Bà đánh giá sự phục vụ" }).waitFor();
    await expectClean(probe, "rating-kiosk-start-vi");
    // The previous citizen chose English: the reset must bring Vietnamese back.
    await page.getByRole("button", { name: /^EN/ }).click();
    await page.getByRole("button", { name: /Rate by file code/ }).click();

    const keypad = page.getByRole("group", { name: "Number keypad" });
    for (const digit of file.code.slice(demo.agency.code.length + 1).replace(/\D/g, "")) {
      await keypad.getByRole("button", { name: digit, exact: true }).click();
    }
    expect(await page.getByRole("textbox", { name: "File code" }).getAttribute("inputmode")).toBe("none");
    await screenshot(page, "rating-kiosk-keypad-en");
    await page.getByRole("button", { name: "Find my file" }).click();
    await page.getByText(file.code).waitFor();

    await answerAll(page, "Satisfied");
    await page.locator("fieldset[data-field='c:ind1']").getByRole("radio", { name: "Dissatisfied" }).check();
    await page.getByRole("textbox", { name: "Why are you dissatisfied?" }).fill("Trả kết quả chậm hơn hẹn.");
    await page.getByRole("textbox", { name: "Phone number or email" }).fill("kiosk.citizen@example.test");
    await page.getByRole("checkbox", { name: /I agree/ }).check();
    await page.getByRole("button", { name: "Send rating" }).click();
    await page.getByRole("heading", { name: "Thank you for your rating!" }).waitFor();
    await page.getByText(/The screen goes back to the start in \d seconds/).waitFor();
    await expectClean(probe, "rating-kiosk-thanks-en");

    // A few seconds later: the start screen, in Vietnamese, with nothing of the previous citizen.
    await page.getByRole("heading", { name: "Mời Ông/Bà đánh giá sự phục vụ" }).waitFor({ timeout: 8_000 });
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    const html = await page.content();
    expect(html).not.toContain("kiosk.citizen@example.test");
    expect(html).not.toContain("Trả kết quả chậm hơn hẹn.");
    expect(html).not.toContain(file.code);
    const storage = await page.evaluate<Record<string, string>>(
      "Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))",
    );
    expect(storage).toEqual({ "hailong.lang": "vi" });
    expect(await page.evaluate<number>("sessionStorage.length")).toBe(0);
    await page.getByRole("button", { name: /Đánh giá nhanh tại quầy/ }).click();
    await page.locator("form[data-rating-form]").waitFor();
    expect(await page.locator("input:checked").count()).toBe(0);
    expect(await page.getByRole("textbox", { name: "Số điện thoại hoặc email" }).count()).toBe(0);
    await screenshot(page, "rating-kiosk-after-reset-vi");

    const rows = await db
      .selectFrom("submissions")
      .select(["channel", "reason"])
      .where("file_id", "=", file.id)
      .execute();
    expect(rows).toEqual([{ channel: "file_code", reason: "Trả kết quả chậm hơn hẹn." }]);
    expect(probe.consoleErrors).toEqual([]);
  });
});
