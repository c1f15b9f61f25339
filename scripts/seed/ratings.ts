/**
 * Synthetic ratings (phiếu đánh giá): anonymous submissions tied to about half of the returned
 * files, plus counter-QR ratings without a file, each with one answer per criterion.
 *
 * The story the dashboard should tell: overall satisfaction sits around 94–96%, but the
 * Chi cục Tiêu chuẩn Đo lường Chất lượng, the busiest unit, stays below the 95% target with more
 * "Bình thường" / "Không hài lòng" (supplements asked more than once, waiting); late files are
 * rated lower everywhere; a few ratings are flagged as suspicious and kept aside.
 *
 * Scores are stored on each template's own scale (see schema/surveys/standard-templates.ts).
 *
 * Rows look like what POST /api/ratings/submissions writes (worker/ratings/ratings.service.ts):
 * the overall score is the answer to the template's overall criterion (quick form) or to its
 * overall question (SIPAS); a quick-form "Không hài lòng" carries its required reason; SIPAS
 * submissions answer some element-satisfaction questions and choose up to 3 improvement areas
 * (sự mong đợi); a low rating that is not flagged has a follow-up in its unit's queue, with a
 * contact only where the citizen consented (fictional addresses under `.test`). Free text that
 * the form collects (reason, what went wrong) is not repeated in `comment`, which keeps only the
 * occasional word of praise.
 */
import { CURRENT_CONTACT_CONSENT } from "../../schema/api/ratings";
import type { NewSubmission, SubmissionChannel } from "../../schema/db/database";
import { needsFollowUp } from "../../schema/surveys/scales";
import { instantAt, isWorkingDay, localDay, OFFICE_WINDOWS } from "./calendar";
import { UNIT } from "./demo-agency";
import type { SeedFile } from "./files";
import type { Rng } from "./random";

export interface SeededCriterion {
  id: string;
  code: string;
  required: boolean;
  elementCode: string;
}

export interface SeededTemplate {
  id: string;
  kind: "sipas" | "quick";
  levels: 3 | 5;
  criteria: readonly SeededCriterion[];
  elements: ReadonlyArray<{ id: string; code: string }>;
  /** The criterion whose answer is the overall score (quick form); null: a separate question (SIPAS). */
  overallCriterionCode: string | null;
  /** Sự mong đợi options (SIPAS), in order. */
  expectationOptions: ReadonlyArray<{ id: string; code: string }>;
  expectationsMax: number;
}

export interface RatingContext {
  agencyId: string;
  now: Date;
  firstDay: number;
  lastDay: number;
  unitIds: Record<string, string>;
  counterIds: Record<string, string>;
  templates: { sipas: SeededTemplate; quick: SeededTemplate };
  /** Which template each counter uses. */
  counterKinds: Record<string, "sipas" | "quick">;
}

export interface AnswerRow {
  agency_id: string;
  submission_id: string;
  criterion_id: string;
  score: number;
}

export type SubmissionRow = NewSubmission & { id: string; submitted_at: Date };

export interface ElementScoreRow {
  agency_id: string;
  submission_id: string;
  element_id: string;
  score: number;
}

export interface ExpectationRow {
  agency_id: string;
  submission_id: string;
  option_id: string;
}

export interface FollowUpRow {
  agency_id: string;
  unit_id: string;
  submission_id: string;
  what_went_wrong: string | null;
  contact: string | null;
  contact_consent_version: string | null;
  contact_consented_at: Date | null;
  status: "open" | "in_progress" | "closed";
  note: string | null;
  created_at: Date;
  closed_at: Date | null;
}

export interface GeneratedRatings {
  submissions: SubmissionRow[];
  answers: AnswerRow[];
  elementScores: ElementScoreRow[];
  expectations: ExpectationRow[];
  followUps: FollowUpRow[];
}

/** Improvement areas a dissatisfied respondent of the story tends to choose, and everyone else. */
const EXPECTATION_WEIGHTS: Record<string, { low: number; high: number }> = {
  access_info: { low: 2, high: 8 },
  facilities: { low: 2, high: 10 },
  simplify: { low: 8, high: 14 },
  transparency: { low: 4, high: 6 },
  shorter_time: { low: 14, high: 12 },
  attitude: { low: 6, high: 3 },
  competence: { low: 8, high: 4 },
  feedback: { low: 4, high: 3 },
  online: { low: 3, high: 12 },
  other: { low: 1, high: 1 },
};

const DAY_MS = 86_400_000;

/** Probability that a rating is satisfied (top-2-box), by unit. */
const SATISFIED: Record<string, number> = { [UNIT.standards]: 0.93 };
const DEFAULT_SATISFIED = 0.985;
/** A late file is rated satisfied this much less often. */
const LATE_FACTOR = 0.55;

const POSITIVE_COMMENTS = [
  "Cán bộ hướng dẫn tận tình, dễ hiểu.",
  "Hồ sơ được trả trước hẹn, cảm ơn quý cơ quan.",
  "Thủ tục nhanh gọn, thái độ phục vụ tốt.",
  "Nộp trực tuyến thuận tiện, không phải đi lại.",
  "Chỗ ngồi chờ sạch sẽ, có nước uống.",
  "Được nhắn tin báo kết quả kịp thời.",
];
const NEGATIVE_COMMENTS = [
  "Phải bổ sung hồ sơ hai lần mới được tiếp nhận.",
  "Thời gian chờ tại quầy lâu.",
  "Hồ sơ trả chậm so với giấy hẹn, không được báo trước.",
  "Hướng dẫn thành phần hồ sơ chưa rõ, mỗi lần hỏi một cán bộ trả lời khác nhau.",
  "Đề nghị công khai rõ hơn mức phí, lệ phí.",
  "Gọi điện đường dây nóng nhiều lần không ai nghe máy.",
];
const STANDARDS_NEGATIVE = [
  "Hồ sơ công bố hợp quy bị yêu cầu bổ sung nhiều lần, mỗi lần một nội dung khác.",
  "Kiểm tra hàng nhập khẩu mất nhiều thời gian hơn dự kiến, ảnh hưởng thông quan.",
  "Cán bộ Chi cục trả lời qua điện thoại chưa nhiệt tình.",
];

const FLAG_BURST = "Nhiều phiếu liên tiếp từ cùng một thiết bị trong vòng 2 phút (nghi đánh giá hộ)";
const FLAG_DUPLICATE = "Hồ sơ đã được đánh giá; phiếu gửi lại không được tính";

function overallScore(rng: Rng, levels: 3 | 5, satisfied: boolean): number {
  if (levels === 3) return satisfied ? (rng.chance(0.5) ? 3 : 2) : 1;
  if (satisfied) return rng.chance(0.45) ? 5 : 4;
  return rng.weighted([
    [3, 68],
    [2, 24],
    [1, 8],
  ] as const);
}

function criterionScore(rng: Rng, levels: number, overall: number): number {
  const r = rng.next();
  const s = r < 0.72 ? overall : r < 0.88 ? overall - 1 : overall + 1;
  return Math.min(levels, Math.max(1, s));
}

/** Criteria that the story pushes down: time for late files, repeated contacts at the Chi cục. */
const TIME_CRITERIA = new Set(["ind1", "ind2", "e2c5"]);
const CONTACT_CRITERIA = new Set(["ind3", "e3c3", "e3c5"]);

export function generateRatings(rng: Rng, files: readonly SeedFile[], ctx: RatingContext): GeneratedRatings {
  const submissions: SubmissionRow[] = [];
  const answers: AnswerRow[] = [];
  const elementScores: ElementScoreRow[] = [];
  const expectations: ExpectationRow[] = [];
  const followUps: FollowUpRow[] = [];
  // Draws for what the API added (element scores, expectations, reasons, follow-ups) come from a
  // stream of their own: the submissions and answers stay those the dashboard story was tuned on.
  const extra = rng.fork("form-details");

  const add = (opts: {
    template: SeededTemplate;
    channel: SubmissionChannel;
    unitCode: string;
    counterCode: string | null;
    procedureId: string | null;
    fileId: string | null;
    at: Date;
    late: boolean;
    forced?: { satisfied: boolean; overall?: number };
    flag?: string;
  }): void => {
    const { template } = opts;
    let pSat = SATISFIED[opts.unitCode] ?? DEFAULT_SATISFIED;
    if (opts.late) pSat *= LATE_FACTOR;
    const satisfied = opts.forced ? opts.forced.satisfied : rng.chance(pSat);
    const overall = opts.forced?.overall ?? overallScore(rng, template.levels, satisfied);
    const id = rng.uuid();
    const sipas = template.kind === "sipas";
    const gaveFeedback = sipas && rng.chance(0.3);
    const scores: number[] = [];
    const byCode = new Map<string, number>();
    for (const c of template.criteria) {
      if (!c.required && !gaveFeedback) continue;
      // The overall criterion's answer is the overall score (the quick form asks it once).
      const isOverall = c.code === template.overallCriterionCode;
      let score = isOverall ? overall : criterionScore(rng, template.levels, overall);
      if (!isOverall && opts.late && TIME_CRITERIA.has(c.code)) score = Math.min(score, sipas ? 2 : 1);
      if (!isOverall && !satisfied && opts.unitCode === UNIT.standards && CONTACT_CRITERIA.has(c.code)) {
        score = Math.min(score, sipas ? 3 : 1);
      }
      answers.push({ agency_id: ctx.agencyId, submission_id: id, criterion_id: c.id, score });
      scores.push(score);
      byCode.set(c.code, score);
    }
    let negative: string | null = null;
    let praise: string | null = null;
    if (!opts.flag) {
      if (!satisfied && rng.chance(0.55)) {
        negative = rng.pick(
          opts.unitCode === UNIT.standards && rng.chance(0.6) ? STANDARDS_NEGATIVE : NEGATIVE_COMMENTS,
        );
      } else if (satisfied && rng.chance(0.1)) {
        praise = rng.pick(POSITIVE_COMMENTS);
      }
    }

    if (sipas) {
      // Satisfaction with each element: most respondents answer it, close to that element's criteria.
      const criteriaByElement = new Map<string, number[]>();
      for (const c of template.criteria) {
        const score = byCode.get(c.code);
        if (score !== undefined) {
          criteriaByElement.set(c.elementCode, [...(criteriaByElement.get(c.elementCode) ?? []), score]);
        }
      }
      for (const e of template.elements) {
        const own = criteriaByElement.get(e.code);
        if (!own || !extra.chance(0.7)) continue;
        const mean = own.reduce((a, b) => a + b, 0) / own.length;
        const score = Math.min(template.levels, Math.max(1, Math.round(mean + (extra.next() - 0.5))));
        elementScores.push({ agency_id: ctx.agencyId, submission_id: id, element_id: e.id, score });
        scores.push(score);
      }
      // Sự mong đợi: three in four choose 1–3 areas, the dissatisfied leaning to time and procedure.
      if (template.expectationOptions.length > 0 && extra.chance(0.75)) {
        const n = extra.int(1, template.expectationsMax);
        const chosen = new Set<string>();
        for (let i = 0; i < 10 && chosen.size < n; i++) {
          const option = extra.weighted(
            template.expectationOptions.map((o) => {
              const w = EXPECTATION_WEIGHTS[o.code] ?? { low: 1, high: 1 };
              return [o, satisfied ? w.high : w.low] as const;
            }),
          );
          if (chosen.has(option.id)) continue;
          chosen.add(option.id);
          expectations.push({ agency_id: ctx.agencyId, submission_id: id, option_id: option.id });
        }
      }
    }
    if (template.overallCriterionCode === null) scores.push(overall);

    // The quick form requires a reason for any "Không hài lòng"; the follow-up queue gets low ratings.
    const low = scores.some((score) => needsFollowUp(score, template.levels));
    const reason =
      !sipas && low
        ? (negative ??
          extra.pick(opts.unitCode === UNIT.standards && extra.chance(0.6) ? STANDARDS_NEGATIVE : NEGATIVE_COMMENTS))
        : null;
    if (low && !opts.flag) {
      const age = (ctx.now.getTime() - opts.at.getTime()) / DAY_MS;
      const status = age > 14 ? "closed" : age > 5 && extra.chance(0.6) ? "in_progress" : "open";
      const consented = status !== "closed" && extra.chance(0.25);
      followUps.push({
        agency_id: ctx.agencyId,
        unit_id: ctx.unitIds[opts.unitCode]!,
        submission_id: id,
        what_went_wrong: sipas ? negative : null,
        contact: consented ? `nguoidan${followUps.length + 1}@example.test` : null,
        contact_consent_version: consented ? CURRENT_CONTACT_CONSENT : null,
        contact_consented_at: consented ? opts.at : null,
        status,
        note: status === "closed" ? "Đã xem xét, trao đổi với bộ phận liên quan và khắc phục." : null,
        created_at: opts.at,
        closed_at: status === "closed" ? new Date(opts.at.getTime() + extra.int(2, 10) * DAY_MS) : null,
      });
    }

    submissions.push({
      id,
      agency_id: ctx.agencyId,
      idempotency_key: rng.uuid(),
      template_id: template.id,
      channel: opts.channel,
      unit_id: ctx.unitIds[opts.unitCode]!,
      counter_id: opts.counterCode ? ctx.counterIds[opts.counterCode]! : null,
      procedure_id: opts.procedureId,
      file_id: opts.fileId,
      overall_score: overall,
      reason,
      comment: praise,
      respondent_kind: rng.chance(0.78) ? "organisation" : "individual",
      age_band: sipas && rng.chance(0.7) ? rng.pick(["under_30", "30_44", "45_59", "60_plus"] as const) : null,
      gender: sipas && rng.chance(0.7) ? rng.pick(["female", "male"] as const) : null,
      flagged: Boolean(opts.flag),
      flag_reason: opts.flag ?? null,
      submitted_at: opts.at,
    });
  };

  // Ratings of returned files: about half of them, after the result was handed over.
  const rated: SeedFile[] = [];
  for (const f of files) {
    const returned = f.row.returned_at;
    if (!returned || !rng.chance(0.5)) continue;
    const kind = f.counterCode ? ctx.counterKinds[f.counterCode]! : "quick";
    const channel: SubmissionChannel = f.counterCode
      ? rng.weighted([
          ["file_qr", 55],
          ["kiosk", 25],
          ["file_code", 20],
        ] as const)
      : "file_code";
    const delayMinutes =
      channel === "kiosk" ? rng.int(1, 10) : channel === "file_qr" ? rng.int(2, 2 * 24 * 60) : rng.int(60, 5 * 24 * 60);
    const at = new Date(returned.getTime() + delayMinutes * 60000);
    if (at > ctx.now) continue;
    add({
      template: ctx.templates[kind],
      channel,
      unitCode: f.procedure.unit,
      counterCode: f.counterCode,
      procedureId: f.procedure.id,
      fileId: f.row.id,
      at,
      late: f.late,
    });
    rated.push(f);
  }

  // Counter-QR ratings without a file: a citizen scans the code on the counter.
  const counterCodes = Object.keys(ctx.counterKinds).sort();
  const workingDays: number[] = [];
  for (let day = ctx.firstDay; day <= ctx.lastDay; day++) {
    if (!isWorkingDay(day)) continue;
    workingDays.push(day);
    for (const code of counterCodes) {
      const n = rng.int(0, 3);
      for (let i = 0; i < n; i++) {
        const [open, close] = rng.pick(OFFICE_WINDOWS);
        const at = instantAt(day, rng.int(open, close - 1));
        if (at > ctx.now) continue;
        add({
          template: ctx.templates[ctx.counterKinds[code]!],
          channel: "counter_qr",
          unitCode: UNIT.oneStop,
          counterCode: code,
          procedureId: null,
          fileId: null,
          at,
          late: false,
        });
      }
    }
  }

  // Suspicious bursts: several ratings from one counter within two minutes, all alike.
  const pastDays = workingDays.filter((d) => d < localDay(ctx.now));
  for (let b = 0; b < 3 && pastDays.length > 0; b++) {
    const day = rng.pick(pastDays);
    const code = rng.pick(["Q1", "Q2"]);
    const start = instantAt(day, rng.int(8 * 60, 10 * 60));
    const praise = b !== 1;
    const n = rng.int(5, 7);
    for (let i = 0; i < n; i++) {
      add({
        template: ctx.templates[ctx.counterKinds[code]!],
        channel: "counter_qr",
        unitCode: UNIT.oneStop,
        counterCode: code,
        procedureId: null,
        fileId: null,
        at: new Date(start.getTime() + i * rng.int(8, 20) * 1000),
        late: false,
        forced: { satisfied: praise, overall: praise ? 3 : 1 },
        flag: FLAG_BURST,
      });
    }
  }

  // A second rating sent for an already rated file: kept, flagged, not counted.
  for (let i = 0; i < 6 && rated.length > 0; i++) {
    const f = rng.pick(rated);
    const at = new Date(f.row.returned_at!.getTime() + rng.int(3, 48) * 60 * 60000);
    if (at > ctx.now) continue;
    add({
      template: ctx.templates[f.counterCode ? ctx.counterKinds[f.counterCode]! : "quick"],
      channel: "file_code",
      unitCode: f.procedure.unit,
      counterCode: f.counterCode,
      procedureId: f.procedure.id,
      fileId: f.row.id,
      at,
      late: f.late,
      flag: FLAG_DUPLICATE,
    });
  }

  return { submissions, answers, elementScores, expectations, followUps };
}
