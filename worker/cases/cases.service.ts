/**
 * Petitions, complaints and denunciations: the domain rules, without Hono. Intake and tracking
 * for citizens; the queue, the case page, transitions, answers and the identity for staff.
 */

import { type Kysely, sql } from "kysely";
import type { z } from "zod";
import {
  type AnswerRequest,
  ATTACHMENT_EXTENSIONS,
  type AttachmentInfo,
  CASE_CONSENTS,
  type CaseDetail,
  type CaseIdentity,
  type CaseQueue,
  type CaseStats,
  type CaseStatusView,
  type CaseSummary,
  type CasesMeta,
  type Due,
  type IntakeOptions,
  type IntakeReceipt,
  type IntakeRequestSchema,
  type PublishedAnswers,
  type QueueQuerySchema,
  type TransitionRequest,
} from "../../schema/api/cases";
import type { CaseKind, CaseStatus, Database } from "../../schema/db/database";
import { publishedLeaders } from "../admin/agency.routes";
import { appendAudit } from "../audit/audit.service";
import { canSeeUnit } from "../auth/scope";
import { auditActor, type Staff } from "../auth/staff";
import { loadCalendar } from "../calendar/calendar.service";
import type { Config } from "../env";
import { addDays, formatDateVi, localDateOf } from "../lib/calendar/dates";
import { ProblemError } from "../problems";
import { hit } from "../ratings/rate-limit";
import { closeOpenDeadline, countSteps, dueDay, dueInstant, openDeadline, resumeDeadline } from "./case-deadlines";
import {
  activeAssignees,
  type CaseCoreRow,
  caseCore,
  caseRefs,
  caseStats as caseStatsQuery,
  findActiveCounter,
  findAgencyByCode,
  findAnswer,
  findFileByCode,
  findIdentityRow,
  findProcedure,
  findRating,
  isAssigned,
  listActiveProcedures,
  listAttachments,
  listCaseStaff,
  listDeadlines,
  listEvents,
  listPublicAgencies,
  listPublishedAnswers,
  listRoutingRules,
  listUnits,
  lockCase,
  nextCaseSequence,
  queue,
  visibleTo,
} from "./cases.queries";
import { casePrefix, codeDay, formatCaseCode, hashTrackingSecret, newTrackingSecret } from "./codes";
import { canViewIdentity, type StoredIdentity, StoredIdentitySchema } from "./identity";
import { attachmentAad, identityAad, keyringFor, openText, sealText } from "./identity-crypto";
import { queueNotices } from "./notifications";
import { redactText } from "./redaction";
import { routeCase } from "./routing";
import {
  allowedActions,
  type CaseAction,
  checkTransition,
  deadlinePlan,
  FINAL_STATUSES,
  receiptPlan,
} from "./workflow";

type Db = Kysely<Database>;
type IntakeInput = z.output<typeof IntakeRequestSchema>;
type QueueQuery = z.output<typeof QueueQuerySchema>;

export interface CaseDeps {
  config: Config;
  now: Date;
  /** The client address (rate limits only; never stored). */
  ip: string | null;
}

/** How long after intake the citizen may still add attachments with the secret. */
const ATTACHMENT_WINDOW_MS = 24 * 3_600_000;

const notFound = () =>
  new ProblemError("not-found", {
    detail: { vi: "Không tìm thấy đơn này.", en: "This case was not found." },
  });

function iso(d: Date): string {
  return d.toISOString();
}

function attachmentLimits(config: Config) {
  return {
    maxFiles: config.CASE_ATTACHMENT_MAX_FILES,
    maxBytes: config.CASE_ATTACHMENT_MAX_BYTES,
    extensions: [...ATTACHMENT_EXTENSIONS],
  };
}

/** `settings.cases.allowAnonymousPetitions` (default false: ND 20/2008 Art. 5 asks for a name and address). */
export function allowsAnonymousPetitions(settings: unknown): boolean {
  return (
    (settings as { cases?: { allowAnonymousPetitions?: unknown } } | null)?.cases?.allowAnonymousPetitions === true
  );
}

/** `settings.cases.remoteArea`: the agency is in a remote area, the longer complaint periods apply (Luật Khiếu nại Art. 28). */
function isRemoteArea(settings: unknown): boolean {
  return (settings as { cases?: { remoteArea?: unknown } } | null)?.cases?.remoteArea === true;
}

// ---------------------------------------------------------------------------------------------
// Citizens
// ---------------------------------------------------------------------------------------------

export async function publicAgencies(db: Db) {
  return { agencies: await listPublicAgencies(db) };
}

export async function intakeOptions(
  db: Db,
  query: { agency?: string | undefined; counter?: string | undefined },
  config: Config,
): Promise<IntakeOptions> {
  const counter = query.counter ? await findActiveCounter(db, query.counter) : undefined;
  if (query.counter && !counter) throw notFound();
  const agency = await findAgencyByCode(db, counter?.agency_code ?? (query.agency as string));
  if (!agency) throw notFound();
  const procedures = await listActiveProcedures(db, agency.id);
  return {
    agency: {
      code: agency.code,
      name: agency.name,
      shortName: agency.short_name,
      address: agency.address,
      hotline: agency.hotline,
      email: agency.email,
      website: agency.website,
      satisfactionTarget: Number(agency.satisfaction_target),
      leaders: publishedLeaders(agency.settings),
    },
    counter: counter ? { publicCode: counter.public_code, name: counter.name, unitName: counter.unit_name } : null,
    allowAnonymousPetitions: allowsAnonymousPetitions(agency.settings),
    procedures: procedures.map((p) => ({ id: p.id, nationalCode: p.national_code, name: p.name })),
    consent: { version: CURRENT_CONSENT_VERSION, ...CASE_CONSENTS[CURRENT_CONSENT_VERSION] },
    attachments: attachmentLimits(config),
  };
}

const CURRENT_CONSENT_VERSION = "2026-11" as const;

function fieldProblem(path: string, vi: string, en: string): ProblemError {
  return new ProblemError("validation", { errors: [{ path, message: { vi, en } }] });
}

/**
 * Files a case from the intake form: validates what the law requires per kind, routes it,
 * gives it a tracking code and secret, stores the identity encrypted, sets the first legal
 * deadline and tells the handling unit. A denunciation's title and text are stored with the
 * denouncer's details masked; the text as filed is kept inside the encrypted identity.
 */
export async function fileCase(db: Db, input: IntakeInput, deps: CaseDeps): Promise<IntakeReceipt> {
  if (input.website) throw fieldProblem("website", "Yêu cầu không hợp lệ.", "Invalid request.");
  const counter = input.counterCode ? await findActiveCounter(db, input.counterCode) : undefined;
  if (input.counterCode && (!counter || counter.agency_code !== input.agencyCode)) {
    throw fieldProblem("counterCode", "Không tìm thấy quầy này.", "This counter was not found.");
  }
  const agency = await findAgencyByCode(db, input.agencyCode);
  if (!agency) throw fieldProblem("agencyCode", "Không tìm thấy cơ quan này.", "This agency was not found.");
  if (input.anonymous && !allowsAnonymousPetitions(agency.settings)) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "anonymous",
          message: {
            vi: "Cơ quan này không nhận phản ánh, kiến nghị ẩn danh.",
            en: "This agency does not accept anonymous petitions.",
          },
        },
      ],
    });
  }
  if (input.consent && !Object.hasOwn(CASE_CONSENTS, input.consent.version)) {
    throw fieldProblem(
      "consent.version",
      "Nội dung thông báo về dữ liệu cá nhân đã thay đổi, vui lòng tải lại trang.",
      "The personal data notice has changed; please reload the page.",
    );
  }

  // Anti-abuse: a salted hash of the client address, never the address itself.
  if (deps.ip) {
    const bucket = `case:intake:${(await sha256(`${agency.id}:${deps.ip}`)).slice(0, 32)}`;
    const [result] = await hit(
      db,
      agency.id,
      [{ bucket, windowSeconds: 3600, limit: deps.config.CASE_INTAKE_LIMIT_PER_HOUR }],
      deps.now,
    );
    if (result && result.count > deps.config.CASE_INTAKE_LIMIT_PER_HOUR) {
      const retry = Math.max(1, Math.ceil((result.resetAt.getTime() - deps.now.getTime()) / 1000));
      throw new ProblemError("rate-limited", { headers: { "retry-after": String(retry) } });
    }
  }

  const file = input.fileCode ? await findFileByCode(db, agency.id, input.fileCode) : undefined;
  if (input.fileCode && !file) {
    throw fieldProblem(
      "fileCode",
      "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra mã trên Giấy tiếp nhận hồ sơ, hoặc để trống.",
      "No file has this code. Please check the code on your receipt, or leave it empty.",
    );
  }
  const procedureId = input.procedureId ?? file?.procedure_id ?? null;
  const procedure = procedureId ? await findProcedure(db, agency.id, procedureId) : undefined;
  if (procedureId && !procedure) {
    throw fieldProblem("procedureId", "Không tìm thấy thủ tục này.", "This procedure was not found.");
  }
  const sourceUnitId = file?.unit_id ?? counter?.unit_id ?? procedure?.unit_id ?? null;
  const [rules, units] = await Promise.all([listRoutingRules(db, agency.id), listUnits(db, agency.id)]);
  const route = routeCase(
    { kind: input.kind, sourceUnitId, procedureId },
    rules.map((r) => ({
      id: r.id,
      caseKind: r.case_kind,
      sourceUnitId: r.source_unit_id,
      procedureId: r.procedure_id,
      handlingUnitId: r.handling_unit_id,
      active: r.active,
    })),
    agency.settings,
    units,
  );

  const filer = input.anonymous ? undefined : input.filer;
  let title = input.title;
  let content = input.content;
  let identity: StoredIdentity | null = null;
  if (filer) {
    identity = {
      v: 1,
      type: filer.type,
      fullName: filer.fullName,
      organisation: filer.organisation ?? null,
      address: filer.address ?? null,
      phone: filer.phone ?? null,
      email: filer.email ?? null,
      idNumber: filer.idNumber ?? null,
      originalTitle: null,
      originalContent: null,
    };
    if (input.kind === "denunciation") {
      const maskedTitle = redactText(title, identity);
      const maskedContent = redactText(content, identity);
      if (maskedTitle.count > 0) identity.originalTitle = title;
      if (maskedContent.count > 0) identity.originalContent = content;
      title = maskedTitle.text;
      content = maskedContent.text;
    }
  }
  const ring = identity ? await keyringFor(deps.config) : null;

  const now = deps.now;
  const secret = newTrackingSecret();
  const prefix = casePrefix(input.kind);
  const day = codeDay(now);
  const caseId = crypto.randomUUID();

  const { code, due } = await db.transaction().execute(async (trx) => {
    const code = formatCaseCode(prefix, day, await nextCaseSequence(trx, agency.id, prefix, day));
    await trx
      .insertInto("cases")
      .values({
        id: caseId,
        agency_id: agency.id,
        code,
        kind: input.kind,
        status: "received",
        title,
        content,
        handling_unit_id: route.unitId,
        file_id: file?.id ?? null,
        procedure_id: procedureId,
        anonymous: input.anonymous,
        received_at: now,
      })
      .execute();
    await trx
      .insertInto("case_workflow")
      .values({
        agency_id: agency.id,
        case_id: caseId,
        channel: counter ? "counter_qr" : "web",
        counter_id: counter?.id ?? null,
        tracking_secret_hash: await hashTrackingSecret(agency.id, code, secret),
        routed_by: route.by,
        consent_version: input.consent && filer ? input.consent.version : null,
        consented_at: input.consent && filer ? now : null,
        attachments_open_until: new Date(now.getTime() + ATTACHMENT_WINDOW_MS),
      })
      .execute();
    if (identity && ring) {
      const sealed = await sealText(ring, JSON.stringify(identity), identityAad(agency.id, caseId));
      await trx
        .insertInto("case_identities")
        .values({
          agency_id: agency.id,
          case_id: caseId,
          filer_type: identity.type,
          has_phone: identity.phone !== null,
          has_email: identity.email !== null,
          key_id: sealed.keyId,
          iv: sealed.iv,
          ciphertext: sealed.ciphertext,
        })
        .execute();
    }
    const due = await openDeadline(trx, { agencyId: agency.id, caseId, kind: input.kind }, receiptPlan(input.kind), {
      received: now,
      accepted: null,
      now,
      currentDueOn: null,
    });
    await trx
      .insertInto("case_events")
      .values({
        agency_id: agency.id,
        case_id: caseId,
        at: now,
        actor_kind: "citizen",
        actor_label: "Người gửi đơn",
        action: "receive",
        to_status: "received",
        notice: `Cơ quan đã nhận đơn của Ông/Bà với mã tra cứu ${code}.${due ? ` Thời hạn xử lý bước tiếp nhận đến hết ngày ${formatDateVi(due.dueOn)}.` : ""}`,
        public: true,
        details: { routedBy: route.by, step: due?.step ?? null, dueOn: due?.dueOn ?? null },
      })
      .execute();
    await queueNotices(trx, [
      {
        agencyId: agency.id,
        caseId,
        audience: "handling_unit",
        template: "new_case",
        payload: { code, kind: input.kind },
      },
      { agencyId: agency.id, caseId, audience: "citizen", template: "received", payload: { code } },
    ]);
    return { code, due };
  });

  const unit = units.find((u) => u.id === route.unitId);
  return {
    code,
    secret,
    kind: input.kind,
    status: "received",
    receivedAt: iso(now),
    handlingUnit: unit ? { name: unit.name } : null,
    dueOn: due?.dueOn ?? null,
    attachments: { ...attachmentLimits(deps.config), openUntil: iso(new Date(now.getTime() + ATTACHMENT_WINDOW_MS)) },
  };
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The case a citizen follows, when the code and the secret match. A wrong secret and an unknown
 * code get the same 404, so the answer never tells whether a code exists.
 */
export async function caseForCitizen(db: Db, code: string, secret: string): Promise<CaseCoreRow> {
  const rows = await caseCore(db).where("c.code", "=", code).execute();
  for (const row of rows) {
    if (!row.tracking_secret_hash) continue;
    const hash = await hashTrackingSecret(row.agency_id, row.code, secret);
    if (timingSafeEqual(hash, row.tracking_secret_hash)) return row;
  }
  throw notFound();
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The citizen's status page: progress, notices, the answer and the rating. */
export async function statusView(db: Db, row: CaseCoreRow, config: Config, now: Date): Promise<CaseStatusView> {
  const [events, answer, rating, attachments] = await Promise.all([
    listEvents(db, row.id, true),
    findAnswer(db, row.id),
    findRating(db, row.id),
    listAttachments(db, row.id),
  ]);
  const ring = attachments.some((a) => a.identifying) ? await keyringFor(config) : null;
  const answerAttachments = [];
  for (const a of attachments.filter((x) => x.answer_id !== null)) {
    answerAttachments.push({
      id: a.id,
      name: await attachmentName(a, ring),
      contentType: a.content_type,
      size: a.size_bytes,
    });
  }
  const citizenCount = attachments.filter((a) => a.uploaded_by_kind === "citizen").length;
  const open = row.attachments_open_until !== null && row.attachments_open_until.getTime() > now.getTime();
  const answered =
    answer !== undefined && (row.status === "answered" || row.status === "published" || row.status === "closed");
  return {
    code: row.code,
    kind: row.kind,
    status: row.status,
    title: row.title,
    receivedAt: iso(row.received_at),
    agency: { code: row.agency_code, name: row.agency_name, hotline: row.agency_hotline },
    handlingUnit: row.unit_name ? { name: row.unit_name } : null,
    forwardedTo: row.forwarded_to,
    paused: row.paused_at !== null,
    current:
      row.due_at && !FINAL_STATUSES.includes(row.status)
        ? { step: row.due_step, dueOn: row.due_on ?? dueDay(row.due_at), legalBasis: row.due_legal_basis }
        : null,
    timeline: events.map((e) => ({
      at: iso(e.at),
      action: e.action,
      status: (e.to_status as CaseStatus | null) ?? null,
      notice: e.notice,
      dueOn: typeof e.details.dueOn === "string" ? e.details.dueOn : null,
    })),
    answer:
      answered && answer
        ? {
            body: answer.body,
            documentNumber: answer.document_number,
            documentDate: answer.document_date,
            answeredAt: iso(answer.answered_at),
            attachments: answerAttachments,
            publishedAt: answer.published_at ? iso(answer.published_at) : null,
          }
        : null,
    rating: rating ? { satisfied: rating.satisfied, ratedAt: iso(rating.rated_at) } : null,
    canRate: answered && !rating,
    attachments: {
      count: citizenCount,
      canAdd: open && row.status === "received" && citizenCount < config.CASE_ATTACHMENT_MAX_FILES,
      maxFiles: config.CASE_ATTACHMENT_MAX_FILES,
    },
    limits: attachmentLimits(config),
  };
}

/**
 * The citizen rates the answer: hài lòng / không hài lòng, once. It feeds SIPAS element 5
 * (PAKN) and the QĐ 766 PAKN satisfaction rate (a PAKN answered late or rated unsatisfied does
 * not count as satisfied).
 */
export async function rateAnswer(
  db: Db,
  row: CaseCoreRow,
  rating: { satisfied: boolean; comment?: string | undefined },
  now: Date,
): Promise<{ satisfied: boolean; ratedAt: string }> {
  const answer = await findAnswer(db, row.id);
  if (!answer || !["answered", "published", "closed"].includes(row.status)) {
    throw new ProblemError("illegal-transition", {
      detail: { vi: "Đơn chưa có câu trả lời để đánh giá.", en: "The case has no answer to rate yet." },
      extensions: { currentStatus: row.status },
    });
  }
  const inserted = await db.transaction().execute(async (trx) => {
    const out = await trx
      .insertInto("case_answer_ratings")
      .values({
        agency_id: row.agency_id,
        case_id: row.id,
        satisfied: rating.satisfied,
        comment: rating.comment ?? null,
        rated_at: now,
      })
      .onConflict((oc) => oc.columns(["agency_id", "case_id"]).doNothing())
      .returning("rated_at")
      .executeTakeFirst();
    if (out) {
      await trx
        .insertInto("case_events")
        .values({
          agency_id: row.agency_id,
          case_id: row.id,
          at: now,
          actor_kind: "citizen",
          actor_label: "Người gửi đơn",
          action: "rate",
          details: { satisfied: rating.satisfied },
        })
        .execute();
    }
    return out;
  });
  if (!inserted) throw new ProblemError("answer-already-rated");
  return { satisfied: rating.satisfied, ratedAt: iso(inserted.rated_at) };
}

/** The public page of published PAKN answers of an agency (question and answer redacted). */
export async function publishedAnswers(
  db: Db,
  query: { agency: string; before?: string | undefined; limit: number },
): Promise<PublishedAnswers> {
  const agency = await findAgencyByCode(db, query.agency);
  if (!agency) throw notFound();
  const rows = await listPublishedAnswers(
    db,
    agency.id,
    query.before ? new Date(query.before) : undefined,
    query.limit,
  );
  const page = rows.slice(0, query.limit);
  return {
    agency: { code: agency.code, name: agency.name },
    items: page.map((r) => ({
      code: r.code,
      title: (r.published_question ?? "").split("\n")[0]?.slice(0, 200) ?? "",
      question: r.published_question ?? "",
      answer: r.published_body ?? "",
      documentNumber: r.document_number,
      handlingUnit: r.unit_name,
      receivedAt: iso(r.received_at),
      publishedAt: iso(r.published_at as Date),
    })),
    nextBefore: rows.length > query.limit && page.at(-1)?.published_at ? iso(page.at(-1)?.published_at as Date) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

const LEADERS: readonly string[] = ["admin", "manager"];

/** The case if the staff member may see it (their unit's, or assigned to them), else 404. */
export async function visibleCase(db: Db, staff: Staff, caseId: string): Promise<CaseCoreRow> {
  const row = await visibleTo(caseCore(db), staff).where("c.id", "=", caseId).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** The last day that counts as "due soon": `days` working days after today, on the agency's calendar. */
export async function soonUntil(db: Db, agencyId: string, now: Date, days: number): Promise<Date> {
  const today = localDateOf(now);
  const calendar = await loadCalendar(db, agencyId, today, addDays(today, days * 2 + 40));
  return dueInstant(calendar.addWorkingDays(today, days));
}

function dueOf(row: CaseCoreRow, now: Date, soon: Date): Due | null {
  if (!row.due_at || FINAL_STATUSES.includes(row.status) || row.status === "published") return null;
  const state: Due["state"] = row.paused_at
    ? "paused"
    : row.due_at.getTime() <= now.getTime()
      ? "overdue"
      : row.due_at.getTime() <= soon.getTime()
        ? "soon"
        : "ok";
  return {
    step: row.due_step,
    dueOn: row.due_on ?? dueDay(row.due_at),
    dueAt: iso(row.due_at),
    legalBasis: row.due_legal_basis,
    confidence: row.due_confidence,
    period: row.due_period,
    dayType: row.due_day_type,
    state,
  };
}

function summary(
  row: CaseCoreRow,
  assignees: Array<{ case_id: string; id: string; full_name: string }>,
  now: Date,
  soon: Date,
): CaseSummary {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    status: row.status,
    title: row.title,
    handlingUnit: row.handling_unit_id && row.unit_name ? { id: row.handling_unit_id, name: row.unit_name } : null,
    receivedAt: iso(row.received_at),
    due: dueOf(row, now, soon),
    paused: row.paused_at !== null,
    anonymous: row.anonymous,
    assignees: assignees.filter((a) => a.case_id === row.id).map((a) => ({ id: a.id, fullName: a.full_name })),
  };
}

export async function queueView(db: Db, staff: Staff, query: QueueQuery, now: Date): Promise<CaseQueue> {
  const soon = await soonUntil(db, staff.agencyId, now, query.soonDays);
  const result = await queue(db, staff, {
    kind: query.kind,
    status: query.status,
    unitId: query.unitId,
    due: query.due,
    mine: query.mine === "true",
    q: query.q,
    now,
    soonUntil: soon,
    limit: query.limit,
    offset: query.offset,
  });
  const assignees = await activeAssignees(
    db,
    result.items.map((r) => r.id),
  );
  return {
    items: result.items.map((r) => summary(r, assignees, now, soon)),
    total: result.total,
    counts: result.counts,
  };
}

async function attachmentName(
  a: Awaited<ReturnType<typeof listAttachments>>[number],
  ring: Awaited<ReturnType<typeof keyringFor>> | null,
) {
  if (!a.identifying) return a.file_name as string;
  if (!ring || !a.key_id || !a.name_iv || !a.name_ciphertext) return "";
  return openText(
    ring,
    { keyId: a.key_id, iv: a.name_iv, ciphertext: a.name_ciphertext },
    attachmentAad(a.agency_id, a.id, "name"),
  );
}

/** The case page: everything but the identity, which has its own audited endpoint. */
export async function caseDetail(db: Db, staff: Staff, caseId: string, config: Config, now: Date): Promise<CaseDetail> {
  const row = await visibleCase(db, staff, caseId);
  const [assignees, events, deadlines, attachments, answer, rating, identityRow, refs, soon] = await Promise.all([
    activeAssignees(db, [row.id]),
    listEvents(db, row.id),
    listDeadlines(db, row.id),
    listAttachments(db, row.id),
    findAnswer(db, row.id),
    findRating(db, row.id),
    findIdentityRow(db, row.agency_id, row.id),
    caseRefs(db, row.agency_id, row),
    soonUntil(db, row.agency_id, now, 3),
  ]);
  const assignedToMe = assignees.some((a) => a.id === staff.id);
  const mayView = canViewIdentity(staff, row.kind, {
    assigned: assignedToMe,
    inScope: canSeeUnit(staff, row.handling_unit_id),
  });
  const ring = mayView && attachments.some((a) => a.identifying) ? await keyringFor(config) : null;
  const attachmentInfos: AttachmentInfo[] = [];
  for (const a of attachments) {
    if (a.identifying && !mayView) {
      attachmentInfos.push({ id: a.id, redacted: true, forAnswer: a.answer_id !== null });
      continue;
    }
    attachmentInfos.push({
      id: a.id,
      redacted: false,
      name: await attachmentName(a, ring),
      contentType: a.content_type,
      size: a.size_bytes,
      uploadedBy: a.uploaded_by_kind,
      forAnswer: a.answer_id !== null,
      createdAt: iso(a.created_at),
    });
  }
  const [counter, file, procedure] = refs;
  return {
    ...summary(row, assignees, now, soon),
    content: row.content,
    agencyCode: row.agency_code,
    channel: row.channel,
    counter: counter ? { name: counter.name } : null,
    fileCode: file?.code ?? null,
    procedure: procedure ? { id: procedure.id, name: procedure.name, nationalCode: procedure.national_code } : null,
    routedBy: row.routed_by,
    acceptedAt: row.accepted_at ? iso(row.accepted_at) : null,
    complex: row.complex ?? false,
    extensions: row.extensions ?? 0,
    forwardedTo: row.forwarded_to,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    allowedActions: allowedActions(row.kind, row.status, {
      paused: row.paused_at !== null,
      complex: row.complex ?? false,
    }),
    assignedToMe,
    identity: {
      present: identityRow !== undefined,
      canView: identityRow !== undefined && mayView,
      filerType: identityRow?.filer_type ?? null,
      hasPhone: identityRow?.has_phone ?? false,
      hasEmail: identityRow?.has_email ?? false,
    },
    deadlines: deadlines.map((d) => ({
      step: d.step,
      startOn: d.start_on,
      dueOn: d.due_on,
      dueAt: iso(d.due_at),
      legalBasis: d.legal_basis,
      confidence: d.confidence,
      period: d.period,
      dayType: d.day_type,
      reason: d.reason,
      closedAt: d.closed_at ? iso(d.closed_at) : null,
      outcome: d.outcome,
      late: d.late,
    })),
    events: events.map((e) => ({
      id: String(e.id),
      at: iso(e.at),
      actor: { kind: e.actor_kind, label: e.actor_label },
      action: e.action,
      fromStatus: (e.from_status as CaseStatus | null) ?? null,
      toStatus: (e.to_status as CaseStatus | null) ?? null,
      reason: e.reason,
      notice: e.notice,
      public: e.public,
    })),
    attachments: attachmentInfos,
    answer: answer
      ? {
          body: answer.body,
          documentNumber: answer.document_number,
          documentDate: answer.document_date,
          answeredAt: iso(answer.answered_at),
          answeredBy: answer.answered_by_name,
          publishedQuestion: answer.published_question,
          publishedBody: answer.published_body,
          publishedAt: answer.published_at ? iso(answer.published_at) : null,
        }
      : null,
    rating: rating ? { satisfied: rating.satisfied, comment: rating.comment, ratedAt: iso(rating.rated_at) } : null,
  };
}

/** Decrypts a case's identity row. */
export async function readIdentity(
  db: Db,
  config: Config,
  agencyId: string,
  caseId: string,
): Promise<StoredIdentity | null> {
  const row = await findIdentityRow(db, agencyId, caseId);
  if (!row) return null;
  const ring = await keyringFor(config);
  const text = await openText(
    ring,
    { keyId: row.key_id, iv: row.iv, ciphertext: row.ciphertext },
    identityAad(agencyId, caseId),
  );
  return StoredIdentitySchema.parse(JSON.parse(text));
}

/** Throws 403 unless the staff member may open the filer's identity (see identity.ts). */
export async function assertIdentityAccess(db: Db, staff: Staff, row: CaseCoreRow): Promise<void> {
  const assigned = await isAssigned(db, row.id, staff.id);
  if (!canViewIdentity(staff, row.kind, { assigned, inScope: canSeeUnit(staff, row.handling_unit_id) })) {
    throw new ProblemError("forbidden", {
      detail:
        row.kind === "denunciation"
          ? {
              vi: "Danh tính người tố cáo chỉ cán bộ được giao xử lý đơn được xem (Luật Tố cáo, Điều 9, 56).",
              en: "Only the staff assigned to this case may see the denouncer's identity (Law on Denunciations, Art. 9, 56).",
            }
          : {
              vi: "Chỉ cán bộ được giao hoặc lãnh đạo, cán bộ của đơn vị xử lý được xem thông tin người gửi.",
              en: "Only assigned staff, or managers and inspectors of the handling unit, may see the filer's details.",
            },
      extensions: { reason: "identity" },
    });
  }
}

/** Records in the audit trail and on the case's (internal) timeline that the identity was seen. */
export async function logIdentityView(
  db: Db,
  staff: Staff,
  row: CaseCoreRow,
  what: { attachmentId?: string },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "case.identity_viewed",
      subjectType: "case",
      subjectId: row.id,
      details: { code: row.code, kind: row.kind, ...(what.attachmentId ? { attachmentId: what.attachmentId } : {}) },
    });
    await trx
      .insertInto("case_events")
      .values({
        agency_id: row.agency_id,
        case_id: row.id,
        at: now,
        actor_kind: "staff",
        actor_id: staff.id,
        actor_label: auditActor(staff).actorLabel,
        action: what.attachmentId ? "attachment_viewed" : "identity_viewed",
        details: what.attachmentId ? { attachmentId: what.attachmentId } : {},
      })
      .execute();
  });
}

/** GET …/identity: the filer's identity for those allowed, audit-logged. */
export async function viewIdentity(
  db: Db,
  staff: Staff,
  caseId: string,
  config: Config,
  now: Date,
): Promise<CaseIdentity> {
  const row = await visibleCase(db, staff, caseId);
  await assertIdentityAccess(db, staff, row);
  const identity = await readIdentity(db, config, row.agency_id, row.id);
  if (!identity) {
    throw new ProblemError("not-found", {
      detail: {
        vi: "Đơn này không có thông tin người gửi (ẩn danh).",
        en: "This case has no filer's details (anonymous).",
      },
    });
  }
  await logIdentityView(db, staff, row, {}, now);
  return {
    filerType: identity.type,
    fullName: identity.fullName,
    organisation: identity.organisation,
    address: identity.address,
    phone: identity.phone,
    email: identity.email,
    idNumber: identity.idNumber,
    originalTitle: identity.originalTitle,
    originalContent: identity.originalContent,
  };
}

/**
 * The copy handed over for verification (Luật Tố cáo Art. 56(2)(a)): the text with the filer's
 * details and any other personal data masked, the identifying attachments withheld. The same
 * for every viewer, assigned or not.
 */
export async function verificationCopy(db: Db, staff: Staff, caseId: string, config: Config) {
  const row = await visibleCase(db, staff, caseId);
  const identity = await readIdentity(db, config, row.agency_id, row.id);
  const attachments = await listAttachments(db, row.id);
  const terms = identity ?? {};
  return {
    code: row.code,
    kind: row.kind,
    title: redactText(row.title, terms).text,
    content: redactText(row.content, terms).text,
    receivedAt: iso(row.received_at),
    attachmentsWithheld: attachments.filter((a) => a.identifying || a.uploaded_by_kind === "citizen").length,
    note: {
      vi: "Bản sao phục vụ xác minh: đã xóa họ tên, địa chỉ, thông tin liên hệ và các thông tin cá nhân khác của người gửi đơn; tài liệu đính kèm của người gửi được quản lý theo chế độ mật.",
      en: "Copy for verification: the filer's name, address, contacts and other personal data are removed; the filer's attachments are kept confidential.",
    },
  };
}

/** Masks personal data in the texts to be published (the filer's details, then generic patterns). */
export async function publishPreview(
  db: Db,
  staff: Staff,
  caseId: string,
  body: { publishedQuestion: string; publishedAnswer: string },
  config: Config,
) {
  const row = await visibleCase(db, staff, caseId);
  const identity = await readIdentity(db, config, row.agency_id, row.id);
  const q = redactText(body.publishedQuestion, identity ?? {});
  const a = redactText(body.publishedAnswer, identity ?? {});
  return { publishedQuestion: q.text, publishedAnswer: a.text, redactions: q.count + a.count };
}

export async function casesMeta(db: Db, staff: Staff): Promise<CasesMeta> {
  const [units, people] = await Promise.all([listUnits(db, staff.agencyId), listCaseStaff(db, staff.agencyId)]);
  return {
    units: units.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    staff: people.map((p) => ({ id: p.id, fullName: p.full_name, role: p.role, unitIds: p.unit_ids ?? [] })),
  };
}

// ---- transitions ----

const DEFAULT_NOTICES: Partial<
  Record<CaseAction, (x: { reason?: string; dueOn?: string | null; to?: string }) => string>
> = {
  accept: (x) =>
    `Đơn của Ông/Bà đã được thụ lý giải quyết.${x.dueOn ? ` Thời hạn giải quyết đến hết ngày ${formatDateVi(x.dueOn)}.` : ""}`,
  reject: (x) => `Đơn không được thụ lý. Lý do: ${x.reason ?? ""}`,
  forward: (x) =>
    `Đơn đã được chuyển đến ${x.to ?? "cơ quan có thẩm quyền"} để giải quyết theo thẩm quyền. Lý do: ${x.reason ?? ""}`,
  extend: (x) =>
    `Thời hạn giải quyết được gia hạn${x.dueOn ? ` đến hết ngày ${formatDateVi(x.dueOn)}` : ""}. Lý do: ${x.reason ?? ""}`,
  pause: (x) => `Việc giải quyết đơn tạm dừng. Lý do: ${x.reason ?? ""}`,
  resume: (x) =>
    `Việc giải quyết đơn được tiếp tục.${x.dueOn ? ` Thời hạn đến hết ngày ${formatDateVi(x.dueOn)}.` : ""}`,
  answer: () => "Cơ quan đã trả lời đơn của Ông/Bà. Nội dung trả lời ở bên dưới.",
  publish: () => "Câu trả lời đã được công khai trên trang của cơ quan (thông tin cá nhân đã được ẩn).",
  close: () => "Việc giải quyết đơn đã kết thúc.",
};

const NOTICE_TEMPLATES: Partial<Record<CaseAction, string>> = {
  accept: "accepted",
  reject: "rejected",
  forward: "forwarded",
  extend: "extended",
  pause: "paused",
  resume: "resumed",
  answer: "answered",
  publish: "published",
  close: "closed",
};

function illegal(
  row: Pick<CaseCoreRow, "status" | "paused_at">,
  action: string,
  allowed: string[],
  extra: Record<string, unknown> = {},
) {
  return new ProblemError("illegal-transition", {
    detail: {
      vi: `Không thể thực hiện "${action}" khi đơn đang ở trạng thái "${row.status}".`,
      en: `"${action}" is not allowed while the case is "${row.status}".`,
    },
    extensions: {
      currentStatus: row.status,
      paused: row.paused_at !== null,
      action,
      allowedActions: allowed,
      ...extra,
    },
  });
}

interface Extras {
  /** For `answer`: upserts the answer inside the transition's transaction. */
  answer?: AnswerRequest;
}

/**
 * Applies one workflow action to a case, in one transaction: the state machine check, the
 * action's own change, the deadlines, the timeline event (who, when, why, what the citizen is
 * told), the audit entry and the notices. Refused actions answer 409 illegal-transition with the
 * current state.
 */
export async function transition(
  db: Db,
  staff: Staff,
  caseId: string,
  request: TransitionRequest | ({ action: "answer" } & AnswerRequest),
  deps: CaseDeps,
  extras: Extras = {},
): Promise<void> {
  const now = deps.now;
  await db.transaction().execute(async (trx) => {
    // Lock first, then read: concurrent actions on one case run one after the other.
    await lockCase(trx, staff.agencyId, caseId);
    const row = await visibleCase(trx, staff, caseId);
    await trx
      .insertInto("case_workflow")
      .values({ agency_id: row.agency_id, case_id: row.id, channel: null })
      .onConflict((oc) => oc.columns(["agency_id", "case_id"]).doNothing())
      .execute();
    const assigned = await isAssigned(trx, row.id, staff.id);
    const flags = { paused: row.paused_at !== null, complex: row.complex ?? false };
    const action = request.action;
    const check = checkTransition(row.kind, row.status, action, flags);
    if (!check.ok) throw illegal(row, action, check.allowed);
    if ((action === "start" || action === "answer") && !assigned && !LEADERS.includes(staff.role)) {
      throw new ProblemError("forbidden", {
        detail: {
          vi: "Chỉ cán bộ được giao xử lý đơn (hoặc lãnh đạo) được thực hiện thao tác này.",
          en: "Only the staff assigned to the case (or a manager) may do this.",
        },
        extensions: { reason: "not-assigned" },
      });
    }

    const reason = "reason" in request ? (request.reason ?? null) : null;
    const workflow: Record<string, unknown> = {};
    const caseUpdate: Record<string, unknown> = { status: check.to, updated_at: now };
    const details: Record<string, unknown> = {};
    const notices: Array<{
      audience: "citizen" | "handling_unit" | "assignees";
      template: string;
      payload?: Record<string, unknown>;
    }> = [];
    let complex = row.complex ?? false;
    let acceptedAt = row.accepted_at;

    switch (request.action) {
      case "accept":
        acceptedAt = now;
        workflow.accepted_at = now;
        if (request.complex && row.kind === "complaint") {
          complex = true;
          workflow.complex = true;
        }
        break;
      case "reject":
        caseUpdate.closed_at = now;
        break;
      case "forward":
        caseUpdate.closed_at = now;
        workflow.forwarded_to = request.forwardedTo;
        details.forwardedTo = request.forwardedTo;
        break;
      case "close":
        caseUpdate.closed_at = now;
        break;
      case "transfer": {
        const unit = await trx
          .selectFrom("units")
          .where("agency_id", "=", row.agency_id)
          .where("id", "=", request.unitId)
          .where("active", "=", true)
          .select(["id", "name"])
          .executeTakeFirst();
        if (!unit) throw fieldProblem("unitId", "Không tìm thấy đơn vị này.", "This unit was not found.");
        if (unit.id === row.handling_unit_id) {
          throw fieldProblem("unitId", "Đơn đang do đơn vị này xử lý.", "The case is already with this unit.");
        }
        caseUpdate.handling_unit_id = unit.id;
        workflow.routed_by = "manual";
        details.fromUnitId = row.handling_unit_id;
        details.toUnitId = unit.id;
        details.toUnit = unit.name;
        // The new unit assigns its own staff.
        await trx
          .updateTable("case_assignments")
          .set({ ended_at: now })
          .where("case_id", "=", row.id)
          .where("ended_at", "is", null)
          .execute();
        notices.push({ audience: "handling_unit", template: "transferred", payload: { unitId: unit.id } });
        break;
      }
      case "assign": {
        const wanted = [...new Set(request.staffIds)];
        const people = await trx
          .selectFrom("staff_users as s")
          .where("s.agency_id", "=", row.agency_id)
          .where("s.id", "in", wanted)
          .where("s.active", "=", true)
          .select((eb) => [
            "s.id",
            "s.full_name",
            "s.role",
            eb
              .selectFrom("staff_user_units as su")
              .whereRef("su.staff_user_id", "=", "s.id")
              .select(sql<string[]>`coalesce(array_agg(su.unit_id::text), '{}')`.as("ids"))
              .as("unit_ids"),
          ])
          .execute();
        const eligible = people.filter(
          (p) =>
            LEADERS.includes(p.role) ||
            (p.role === "inspector" &&
              row.handling_unit_id !== null &&
              (p.unit_ids ?? []).includes(row.handling_unit_id)),
        );
        if (eligible.length !== wanted.length) {
          throw fieldProblem(
            "staffIds",
            "Chỉ giao cho cán bộ xử lý đơn của đơn vị đang xử lý, hoặc lãnh đạo.",
            "Assign only inspectors of the handling unit, or managers.",
          );
        }
        await trx
          .updateTable("case_assignments")
          .set({ ended_at: now })
          .where("case_id", "=", row.id)
          .where("ended_at", "is", null)
          .where("staff_user_id", "not in", wanted)
          .execute();
        const current = await trx
          .selectFrom("case_assignments")
          .where("case_id", "=", row.id)
          .where("ended_at", "is", null)
          .select("staff_user_id")
          .execute();
        const fresh = wanted.filter((id) => !current.some((c) => c.staff_user_id === id));
        if (fresh.length) {
          await trx
            .insertInto("case_assignments")
            .values(
              fresh.map((id) => ({
                agency_id: row.agency_id,
                case_id: row.id,
                staff_user_id: id,
                assigned_by: staff.id,
                assigned_at: now,
              })),
            )
            .execute();
        }
        details.assignees = eligible.map((p) => ({ id: p.id, fullName: p.full_name }));
        notices.push({ audience: "assignees", template: "assigned", payload: { staffIds: fresh } });
        break;
      }
      case "extend":
        if (row.kind === "complaint") {
          complex = true;
          workflow.complex = true;
        }
        workflow.extensions = (row.extensions ?? 0) + 1;
        break;
      case "pause":
        workflow.paused_at = now;
        break;
      case "resume":
        workflow.paused_at = null;
        workflow.overdue_at = null;
        break;
      case "publish": {
        const identity = await readIdentity(trx, deps.config, row.agency_id, row.id);
        const question = redactText(request.publishedQuestion, identity ?? {});
        const answerText = redactText(request.publishedAnswer, identity ?? {});
        const updated = await trx
          .updateTable("case_answers")
          .set({
            published_question: question.text,
            published_body: answerText.text,
            published_by: staff.id,
            published_at: now,
          })
          .where("agency_id", "=", row.agency_id)
          .where("case_id", "=", row.id)
          .where("published_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!updated) throw illegal(row, action, []);
        details.redactions = question.count + answerText.count;
        break;
      }
      case "answer": {
        const answer = extras.answer;
        if (!answer) throw new Error("answer transition without an answer");
        await trx
          .insertInto("case_answers")
          .values({
            agency_id: row.agency_id,
            case_id: row.id,
            body: answer.body,
            document_number: answer.documentNumber ?? null,
            document_date: answer.documentDate ?? null,
            answered_by: staff.id,
            answered_at: now,
          })
          .onConflict((oc) =>
            oc.columns(["agency_id", "case_id"]).doUpdateSet({
              body: answer.body,
              document_number: answer.documentNumber ?? null,
              document_date: answer.documentDate ?? null,
              answered_by: staff.id,
              answered_at: now,
            }),
          )
          .execute();
        details.amended = row.status === "answered";
        break;
      }
      default:
        break;
    }

    // Deadlines.
    let dueOn: string | null = null;
    if (request.action === "resume" && row.paused_at) {
      const resumed = await resumeDeadline(trx, { agencyId: row.agency_id, caseId: row.id }, row.paused_at, now);
      dueOn = resumed?.dueOn ?? null;
    } else {
      const plan = deadlinePlan(row.kind, action, {
        complex,
        remote: isRemoteArea(row.agency_settings),
        status: row.status,
      });
      const currentDueOn = row.due_on;
      if (plan.close !== "keep") {
        const closed = await closeOpenDeadline(trx, row.id, plan.close, now);
        if (closed) details.closedStep = { step: closed.step, late: closed.late };
        workflow.overdue_at = null;
      }
      if (plan.open) {
        const usedBefore =
          plan.open.step === "extend" || plan.open.step === "initial_processing_extended"
            ? await countSteps(trx, row.id, plan.open.step)
            : 0;
        const opened = await openDeadline(trx, { agencyId: row.agency_id, caseId: row.id, kind: row.kind }, plan.open, {
          received: row.received_at,
          accepted: acceptedAt,
          now,
          currentDueOn,
        });
        if (plan.open.step === "initial_processing_extended" && usedBefore >= 1) {
          throw illegal(row, action, [], { reason: "extension-limit", maxTimes: 1 });
        }
        if (plan.open.step === "extend") {
          const max = opened?.maxTimes ?? null;
          if (!opened) throw illegal(row, action, [], { reason: "no-extension-rule" });
          if (max !== null && usedBefore >= max)
            throw illegal(row, action, [], { reason: "extension-limit", maxTimes: max });
        }
        dueOn = opened?.dueOn ?? null;
        details.step = plan.open.step;
        details.dueOn = dueOn;
        if (!opened) details.noRule = plan.open.step;
      }
    }

    await trx.updateTable("cases").set(caseUpdate).where("id", "=", row.id).execute();
    if (Object.keys(workflow).length) {
      await trx
        .updateTable("case_workflow")
        .set({ ...workflow, updated_at: now })
        .where("agency_id", "=", row.agency_id)
        .where("case_id", "=", row.id)
        .execute();
    }

    const spec = check.spec;
    const givenNotice = "notice" in request ? request.notice : undefined;
    const notice = spec.notice
      ? givenNotice ||
        DEFAULT_NOTICES[action]?.({
          reason: reason ?? undefined,
          dueOn,
          to: request.action === "forward" ? request.forwardedTo : undefined,
        }) ||
        null
      : null;
    await trx
      .insertInto("case_events")
      .values({
        agency_id: row.agency_id,
        case_id: row.id,
        at: now,
        actor_kind: "staff",
        actor_id: staff.id,
        actor_label: auditActor(staff).actorLabel,
        action,
        from_status: row.status,
        to_status: check.to,
        reason,
        notice,
        public: spec.notice,
        details,
      })
      .execute();
    await appendAudit(trx, {
      agencyId: staff.agencyId,
      ...auditActor(staff),
      action: "case.transition",
      subjectType: "case",
      subjectId: row.id,
      details: { code: row.code, action, from: row.status, to: check.to, reason, ...(dueOn ? { dueOn } : {}) },
    });
    const template = NOTICE_TEMPLATES[action];
    if (spec.notice && template) notices.push({ audience: "citizen", template, payload: { dueOn } });
    await queueNotices(
      trx,
      notices.map((n) => ({
        agencyId: row.agency_id,
        caseId: row.id,
        audience: n.audience,
        template: n.template,
        payload: { code: row.code, kind: row.kind, ...n.payload },
      })),
    );
  });
}

/** Records (or amends, before publication) the answer and moves the case to "answered". */
export function recordAnswer(
  db: Db,
  staff: Staff,
  caseId: string,
  answer: AnswerRequest,
  deps: CaseDeps,
): Promise<void> {
  return transition(db, staff, caseId, { action: "answer", ...answer }, deps, { answer });
}

// ---- statistics ----

function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : null;
}

/**
 * Figures of the period [from, to] (Vietnamese dates) by kind. The QĐ 766 satisfaction group:
 * 5.2 PAKN handled on time = on time / answered; 5.3 satisfaction with PAKN handling =
 * (answered − rated unsatisfied or answered late) / answered (DOMAIN §3.2).
 */
export async function caseStats(db: Db, staff: Staff, from: string, to: string): Promise<CaseStats> {
  const rows = await caseStatsQuery(db, staff.agencyId, dueInstant(addDays(from, -1)), dueInstant(to));
  const kinds: CaseKind[] = ["petition", "complaint", "denunciation"];
  const byKind = kinds.map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    return {
      kind,
      received: Number(r?.received ?? 0),
      answered: Number(r?.answered ?? 0),
      answeredOnTime: Number(r?.answered_on_time ?? 0),
      rated: Number(r?.rated ?? 0),
      satisfied: Number(r?.satisfied ?? 0),
      unsatisfied: Number(r?.unsatisfied ?? 0),
    };
  });
  const pakn = rows.find((x) => x.kind === "petition");
  const answered = Number(pakn?.answered ?? 0);
  return {
    from,
    to,
    byKind,
    paknOnTimeRate: pct(Number(pakn?.answered_on_time ?? 0), answered),
    paknSatisfactionRate: pct(answered - Number(pakn?.unsatisfied_or_late ?? 0), answered),
  };
}
