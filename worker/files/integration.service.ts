/**
 * The one-stop software (phần mềm một cửa) sends its files here: one API key per agency
 * (`Authorization: Bearer <key>`, only the key's SHA-256 hash is stored), an idempotent upsert
 * by file code, and the file's events (received, supplement requested / completed, returned,
 * stopped). The same request twice changes nothing the second time: files are keyed by
 * (agency, code), events by (agency, file, kind, event id or time).
 */
import type { Kysely } from "kysely";
import type { z } from "zod";
import type {
  IntegrationEventSchema,
  IntegrationFileResult,
  IntegrationFileUpsertSchema,
} from "../../schema/api/files";
import type { Database, FileRow } from "../../schema/db/database";
import { officeHoursOf } from "../calendar/calendar.service";
import { processingTimeOf } from "../lib/files/appointment";
import { ProblemError } from "../problems";
import { findAgency, findCounterByCode, findFileForUpdate, findProcedureByCode } from "./files.queries";
import {
  type Actor,
  applyEventInTx,
  computeDueAt,
  createFileInTx,
  type EventInput,
  fileSummaries,
  loadFileSettings,
} from "./files.service";

type Db = Kysely<Database>;
type Upsert = z.output<typeof IntegrationFileUpsertSchema>;
type EventBody = z.output<typeof IntegrationEventSchema>;
export type IntegrationActor = Extract<Actor, { kind: "integration" }>;

function toEvent(e: EventBody): EventInput {
  return { kind: e.type, occurredAt: new Date(e.occurredAt), eventId: e.eventId, note: e.note ?? null };
}

function unknownReference(path: string, vi: string, en: string): ProblemError {
  return new ProblemError("invalid-reference", { detail: { vi, en }, errors: [{ path, message: { vi, en } }] });
}

async function resultOf(
  db: Db,
  file: FileRow,
  created: boolean,
  changed: boolean,
  dueComputed: boolean,
  events: IntegrationFileResult["events"],
  now: Date,
): Promise<IntegrationFileResult> {
  const [summary] = await fileSummaries(db, file.agency_id, { scope: "all", ids: [file.id] }, now);
  return {
    code: file.code,
    status: file.status,
    receivedAt: file.received_at.toISOString(),
    dueAt: file.due_at.toISOString(),
    dueComputed,
    returnedAt: file.returned_at?.toISOString() ?? null,
    outcome: summary?.timeliness.outcome ?? "pending",
    created,
    changed,
    events,
  };
}

/** PUT /api/integration/files/:code: creates or updates the file, then records its events in time order. */
export async function upsertIntegrationFile(
  db: Db,
  actor: IntegrationActor,
  code: string,
  body: Upsert,
  now: Date,
): Promise<IntegrationFileResult> {
  const agencyId = actor.agencyId;
  if (Date.parse(body.receivedAt) > now.getTime() + 5 * 60_000) {
    throw new ProblemError("validation", {
      errors: [
        {
          path: "receivedAt",
          message: { vi: "Thời điểm tiếp nhận ở tương lai.", en: "The receipt time is in the future." },
        },
      ],
    });
  }
  const settings = await loadFileSettings(db, agencyId);
  const run = () =>
    db.transaction().execute(async (trx) => {
      const procedure = await findProcedureByCode(trx, agencyId, body.procedureCode);
      if (!procedure) {
        throw unknownReference(
          "procedureCode",
          `Cơ quan không có thủ tục mã ${body.procedureCode}.`,
          `The agency has no procedure with code ${body.procedureCode}.`,
        );
      }
      let counterId: string | null | undefined;
      if (body.counterCode) {
        const counter = await findCounterByCode(trx, agencyId, body.counterCode);
        if (!counter) {
          throw unknownReference(
            "counterCode",
            `Cơ quan không có quầy mã ${body.counterCode}.`,
            `The agency has no counter with code ${body.counterCode}.`,
          );
        }
        counterId = counter.id;
      } else if (body.counterCode === null) counterId = null;
      const receivedAt = new Date(body.receivedAt);
      const dueAt = body.dueAt ? new Date(body.dueAt) : undefined;
      const applicant = body.applicant;

      let file = await findFileForUpdate(trx, agencyId, { code });
      let created = false;
      let changed = false;
      let dueComputed = dueAt === undefined;
      if (!file) {
        const made = await createFileInTx(
          trx,
          agencyId,
          {
            code,
            procedureId: procedure.id,
            receivedAt,
            dueAt,
            channel: body.channel,
            counterId: counterId ?? null,
            applicantName: applicant?.name,
            applicantAddress: applicant?.address,
            applicantPhone: applicant?.phone,
            applicantEmail: applicant?.email,
          },
          "integration",
          actor,
        );
        file = made.file;
        created = true;
        changed = true;
      } else {
        const update: Record<string, unknown> = {};
        if (file.procedure_id !== procedure.id) {
          update.procedure_id = procedure.id;
          update.unit_id = procedure.unit_id;
        }
        if (file.received_at.getTime() !== receivedAt.getTime()) update.received_at = receivedAt;
        if (dueAt) {
          if (file.due_at.getTime() !== dueAt.getTime()) update.due_at = dueAt;
        } else if (update.procedure_id || update.received_at) {
          const agency = await findAgency(trx, agencyId);
          const due = await computeDueAt(
            trx,
            agencyId,
            officeHoursOf(agency?.settings),
            processingTimeOf(procedure),
            receivedAt,
          );
          if (due.getTime() !== file.due_at.getTime()) update.due_at = due;
        } else {
          dueComputed = false;
        }
        if (file.channel !== body.channel) update.channel = body.channel;
        if (counterId !== undefined && file.counter_id !== counterId) update.counter_id = counterId;
        const fields = [
          ["applicant_name", applicant?.name],
          ["applicant_address", applicant?.address],
          ["applicant_phone", applicant?.phone],
          ["applicant_email", applicant?.email],
        ] as const;
        for (const [column, value] of fields) {
          if (value !== undefined && file[column] !== value) update[column] = value;
        }
        if (Object.keys(update).length > 0) {
          file = await trx
            .updateTable("files")
            .set({ ...update, updated_at: now })
            .where("agency_id", "=", agencyId)
            .where("id", "=", file.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          changed = true;
        }
      }
      const results: IntegrationFileResult["events"] = [];
      const events = [...body.events].map(toEvent).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      for (const event of events) {
        const r = await applyEventInTx(trx, file, event, "integration", actor, settings);
        results.push({ type: event.kind, eventKey: r.eventKey, applied: r.applied });
        if (r.applied) changed = true;
      }
      return { file, created, changed, dueComputed, results };
    });
  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    outcome = await run();
  } catch (err) {
    // Two requests creating the same new file at once: the loser retries and finds it.
    if ((err as { code?: string }).code !== "23505") throw err;
    outcome = await run();
  }
  return resultOf(db, outcome.file, outcome.created, outcome.changed, outcome.dueComputed, outcome.results, now);
}

/** POST /api/integration/files/:code/events: one event on an existing file. */
export async function recordIntegrationEvent(
  db: Db,
  actor: IntegrationActor,
  code: string,
  body: EventBody,
  now: Date,
): Promise<IntegrationFileResult> {
  const settings = await loadFileSettings(db, actor.agencyId);
  const { file, result } = await db.transaction().execute(async (trx) => {
    const file = await findFileForUpdate(trx, actor.agencyId, { code });
    if (!file) {
      throw new ProblemError("not-found", {
        detail: {
          vi: `Không có hồ sơ mã ${code}; hãy gửi hồ sơ (PUT) trước.`,
          en: `No file with code ${code}; send the file (PUT) first.`,
        },
      });
    }
    const event = toEvent(body);
    const r = await applyEventInTx(trx, file, event, "integration", actor, settings);
    return { file, result: { type: event.kind, eventKey: r.eventKey, applied: r.applied } };
  });
  return resultOf(db, file, false, result.applied, false, [result], now);
}

/** GET /api/integration/files/:code: where the file stands. */
export async function integrationFileStatus(db: Db, actor: IntegrationActor, code: string, now: Date) {
  const file = await db
    .selectFrom("files")
    .where("agency_id", "=", actor.agencyId)
    .where("code", "=", code)
    .selectAll()
    .executeTakeFirst();
  if (!file) throw new ProblemError("not-found");
  return resultOf(db, file, false, false, false, [], now);
}
