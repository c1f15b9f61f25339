import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { fileFacts } from "../../worker/files/files.queries";
import { timesOf } from "../../worker/files/files.service";
import { fileKpis, fileOutcomes, periodBounds } from "../../worker/files/files-kpis.queries";
import { localDateOf } from "../../worker/lib/calendar/dates";
import { classifyFile } from "../../worker/lib/files/timeliness";
import { addFilesTenancyRows, createFile, createFilesWorld, createTimedProcedure } from "./support/files-factories";
import { testDb } from "./support/worker-env";

/** An instant from a Vietnamese wall-clock time (seconds and fractions allowed). */
const vn = (local: string) => new Date(`${local}+07:00`);

type World = Awaited<ReturnType<typeof createFilesWorld>>;

/**
 * Files in every situation the on-time rule distinguishes, around the edges of October 2026:
 * finished before, on and after the appointment (to the millisecond and across local midnight),
 * stopped with and without a stop event, open, waiting for a supplement, supplemented once and
 * twice, requests after the moment of measurement, a late file with its apology letter.
 */
async function everyKindOfFile(w: World) {
  const db = testDb();
  const other = await createTimedProcedure(db, w.agency.id, w.oneStop.id, 1, "working_days");
  const at = (received: string, due: string) => ({ received_at: vn(received), due_at: vn(due) });
  const base = at("2026-10-01T08:00:00", "2026-10-08T17:00:00");
  const file = (over: Parameters<typeof createFile>[2], procedure = w.procedure) =>
    createFile(db, { agency: w.agency, procedure }, over);
  const supplement = async (fileId: string, seq: number, requested: string, completed: string | null) => {
    await db
      .insertInto("file_supplements")
      .values({
        agency_id: w.agency.id,
        file_id: fileId,
        seq,
        requested_at: vn(requested),
        completed_at: completed ? vn(completed) : null,
        counts_as_late: seq > 1,
      })
      .execute();
  };

  await file({ ...base, status: "returned", returned_at: vn("2026-10-05T10:00:00") });
  await file({ ...base, status: "returned", returned_at: vn("2026-10-08T16:59:59.999") });
  await file({ ...base, status: "returned", returned_at: vn("2026-10-08T17:00:00") });
  await file({ ...base, status: "returned", returned_at: vn("2026-10-08T17:00:00.001") });
  // Microseconds below the millisecond: the worker sees the same instant as the appointment.
  const micro = await file({ ...base, status: "returned", returned_at: vn("2026-10-08T17:00:00") });
  await sql`UPDATE files SET returned_at = returned_at + interval '400 microseconds' WHERE id = ${micro.id}`.execute(
    db,
  );
  // Local midnight: returned at the last millisecond of the day before an appointment at 00:00.
  await file({
    ...at("2026-10-01T08:00:00", "2026-10-09T00:00:00"),
    status: "returned",
    returned_at: vn("2026-10-08T23:59:59.999"),
  });
  await file({
    ...at("2026-10-01T08:00:00", "2026-10-09T00:00:00"),
    status: "returned",
    returned_at: vn("2026-10-09T00:00:00"),
  });
  // Stopped: with its event, and without one (the update time stands in).
  const stopped = await file({ ...base, status: "stopped" });
  await db
    .insertInto("file_events")
    .values({
      agency_id: w.agency.id,
      file_id: stopped.id,
      kind: "stopped",
      occurred_at: vn("2026-10-09T09:00:00"),
      event_key: "stop-1",
      source: "staff",
    })
    .execute();
  const stoppedBare = await file({ ...base, status: "stopped" });
  await sql`UPDATE files SET updated_at = ${vn("2026-10-06T09:00:00")} WHERE id = ${stoppedBare.id}`.execute(db);
  // Open: not yet due at the end of the period, and overdue.
  await file({ ...at("2026-10-20T08:00:00", "2026-12-30T17:00:00"), status: "in_progress" }, other);
  await file({ ...base, status: "in_progress" }, other);
  // Returned after the period: measured at the period's end (or now).
  await file({
    ...at("2026-10-25T08:00:00", "2026-11-20T17:00:00"),
    status: "returned",
    returned_at: vn("2026-11-10T08:00:00"),
  });
  await file({
    ...at("2026-10-25T08:00:00", "2026-10-28T17:00:00"),
    status: "returned",
    returned_at: vn("2026-11-03T08:00:00"),
  });
  // One supplement completed: the appointment moves by the waiting time.
  const waited = await file({ ...base, status: "returned", returned_at: vn("2026-10-10T10:00:00") });
  await supplement(waited.id, 1, "2026-10-02T09:00:00", "2026-10-05T09:00:00");
  const waitedLate = await file({ ...base, status: "returned", returned_at: vn("2026-10-12T10:00:00") });
  await supplement(waitedLate.id, 1, "2026-10-02T09:00:00", "2026-10-03T09:00:00");
  // A supplement still open: the file waits for the citizen, its end is the request.
  const waiting = await file({ ...base, status: "supplement_requested" });
  await supplement(waiting.id, 1, "2026-10-04T09:00:00", null);
  // Returned while a request was open (completed after the return).
  const returnedWhileOpen = await file({ ...base, status: "returned", returned_at: vn("2026-10-09T10:00:00") });
  await supplement(returnedWhileOpen.id, 1, "2026-10-07T09:00:00", "2026-10-10T09:00:00");
  // Supplemented twice: late whatever the dates.
  const twice = await file({ ...base, status: "returned", returned_at: vn("2026-10-03T10:00:00") });
  await supplement(twice.id, 1, "2026-10-01T09:00:00", "2026-10-01T10:00:00");
  await supplement(twice.id, 2, "2026-10-02T09:00:00", "2026-10-02T10:00:00");
  // A second request after the moment of measurement of a period that ends mid-month.
  const later = await file({ ...at("2026-10-12T08:00:00", "2026-10-30T17:00:00"), status: "in_progress" });
  await supplement(later.id, 1, "2026-10-13T09:00:00", "2026-10-14T09:00:00");
  await supplement(later.id, 2, "2026-10-18T09:00:00", null);
  // Late with its apology letter (not counted among the late files without one).
  const excused = await file({ ...base, status: "returned", returned_at: vn("2026-10-15T10:00:00") });
  await addFilesTenancyRows(db, w.agency.id, excused.id);
  // Outside: finished before the period, received after it.
  await file({
    ...at("2026-09-01T08:00:00", "2026-09-08T17:00:00"),
    status: "returned",
    returned_at: vn("2026-09-05T08:00:00"),
  });
  await file({ ...at("2026-11-02T08:00:00", "2026-11-08T17:00:00"), status: "in_progress" });
}

/** What the worker's own rule says of each file of the period (the reference). */
async function classifiedInWorker(w: World, from: string, to: string, now: Date) {
  const { start, end, asOf } = periodBounds(from, to, now);
  const rows = await fileFacts(testDb(), w.agency.id, { scope: "all", period: { from: start, to: end } });
  return rows
    .filter((r) => r.received_at <= asOf)
    .map((r) => {
      const t = classifyFile(timesOf(r), asOf);
      return {
        id: r.id,
        outcome: t.outcome,
        month: localDateOf(t.endAt).slice(0, 7),
        supplementCount: t.supplementCount,
        late: t.outcome === "late",
        letter: r.letter_id !== null,
        unitId: r.unit_id,
      };
    });
}

describe("on-time KPIs counted in the database", () => {
  for (const [label, from, to, now] of [
    ["a past month", "2026-10-01", "2026-10-31", vn("2026-12-01T09:00:00")],
    ["the month so far", "2026-10-01", "2026-10-31", vn("2026-10-15T10:30:00")],
    ["a period ending at a millisecond of the day", "2026-10-08", "2026-10-08", vn("2026-10-08T17:00:00")],
  ] as const) {
    it(`classifies every file as the worker's rule does, file by file, for ${label}`, async () => {
      const w = await createFilesWorld(testDb());
      await everyKindOfFile(w);
      const expected = await classifiedInWorker(w, from, to, now);
      const got = await fileOutcomes(testDb(), w.agency.id, { from, to, now });
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      expect(got.sort(byId)).toEqual(
        expected.map(({ id, outcome, month, supplementCount }) => ({ id, outcome, month, supplementCount })).sort(byId),
      );
      expect(new Set(expected.map((e) => e.outcome)).size).toBeGreaterThan(label === "a past month" ? 3 : 1);

      const kpi = await fileKpis(testDb(), w.agency.id, { from, to, now });
      const count = (o: string) => expected.filter((e) => e.outcome === o).length;
      expect(kpi.totals).toMatchObject({
        total: expected.length,
        early: count("early"),
        onTime: count("on_time"),
        late: count("late"),
        pending: count("pending"),
      });
      expect(kpi.lateWithoutApology).toBe(expected.filter((e) => e.late && !e.letter).length);
      expect(kpi.multipleSupplements).toBe(expected.filter((e) => e.supplementCount > 1).length);
      expect(kpi.byUnit.reduce((n, u) => n + u.total, 0)).toBe(expected.length);
      expect(kpi.byProcedure.reduce((n, p) => n + p.total, 0)).toBe(expected.length);
      expect(kpi.byMonth.map((m) => [m.month, m.total])).toEqual(
        [...new Set(expected.map((e) => e.month))].sort().map((m) => [m, expected.filter((e) => e.month === m).length]),
      );
    });
  }

  it("counts only the files of the reader's units, and of the unit asked for", async () => {
    const db = testDb();
    const w = await createFilesWorld(db);
    await everyKindOfFile(w);
    const now = vn("2026-12-01T09:00:00");
    const period = { from: "2026-10-01", to: "2026-10-31", now };
    const all = await fileKpis(db, w.agency.id, period);
    const ofUnit = await fileKpis(db, w.agency.id, { ...period, scope: [w.unit.id] });
    const asked = await fileKpis(db, w.agency.id, { ...period, unitId: w.oneStop.id });
    const unitTotal = (k: typeof all, id: string) => k.byUnit.find((u) => u.unitId === id)?.total ?? 0;
    expect(ofUnit.totals.total).toBe(unitTotal(all, w.unit.id));
    expect(ofUnit.byUnit.map((u) => u.unitId)).toEqual([w.unit.id]);
    expect(asked.totals.total).toBe(unitTotal(all, w.oneStop.id));
    expect(asked.totals.total).toBeGreaterThan(0);
  });
});
