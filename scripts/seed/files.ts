/**
 * Synthetic files (hồ sơ) for the demo: 25–60 a working day, received in office hours, none on
 * weekends or public holidays, coded `<agency code>-YYMMDD-XXXX` with the day's sequence
 * (TT 01/2018/TT-VPCP Art. 19, ND 118/2025 Art. 28; DOMAIN §8.2). Due dates follow each
 * procedure's legal processing time; most files come back early or on time, a few late, and
 * the newest are still being handled.
 */
import type { FileChannel, FileStatus, NewFile } from "../../schema/db/database";
import {
  addOfficeMinutes,
  addWorkingDays,
  instantAt,
  isWorkingDay,
  localDay,
  localMinutes,
  OFFICE_CLOSE,
  OFFICE_WINDOWS,
  rollForward,
  weekday,
  yymmdd,
} from "./calendar";
import { DEMO_AGENCY_CODE, UNIT } from "./demo-agency";
import { address, applicantName } from "./people";
import type { DemoProcedure } from "./procedures";
import type { Rng } from "./random";

export interface SeededProcedure extends DemoProcedure {
  id: string;
}

export interface FileContext {
  agencyId: string;
  now: Date;
  firstDay: number;
  lastDay: number;
  unitIds: Record<string, string>;
  counterIds: Record<string, string>;
  procedures: readonly SeededProcedure[];
}

/** A generated file with what the rating and case generators need to know about it. */
export interface SeedFile {
  row: NewFile & { id: string; received_at: Date; due_at: Date; returned_at: Date | null };
  procedure: SeededProcedure;
  counterCode: string | null;
  late: boolean;
}

/** Probability that a returned file comes back after its due date, per unit (the story: the
 * Chi cục TĐC, the busiest unit, is the one that slips). */
const LATE_RATE: Record<string, number> = { [UNIT.standards]: 0.055 };
const DEFAULT_LATE_RATE = 0.03;
const ON_TIME_RATE = 0.24;

/** Local end of the office day on `day`. */
function closeOf(day: number): Date {
  return instantAt(day, OFFICE_CLOSE);
}

/**
 * The appointment (due) instant for a file received at `received`, by the procedure's unit:
 * working days end at the close of the n-th working day after receipt; calendar days roll
 * forward to a working day (BLDS 2015 Art. 148); hours count office hours only; same-day files
 * received after 15:00 are due the next working day (practice quoted in DOMAIN §4.5).
 */
export function dueFor(received: Date, procedure: Pick<DemoProcedure, "time" | "timeUnit">): Date {
  const day = localDay(received);
  switch (procedure.timeUnit) {
    case "working_days":
      return closeOf(addWorkingDays(day, Math.max(1, procedure.time)));
    case "calendar_days":
      return closeOf(rollForward(day + Math.max(1, procedure.time)));
    case "hours":
      return addOfficeMinutes(received, procedure.time * 60);
    case "same_day":
      return localMinutes(received) < 15 * 60 ? closeOf(day) : closeOf(addWorkingDays(day, 1));
  }
}

/** Office minutes between two instants (inside office windows of working days). */
export function officeMinutesBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  const lastDay = localDay(to);
  for (let day = localDay(from); day <= lastDay; day++) {
    if (!isWorkingDay(day)) continue;
    for (const [open, close] of OFFICE_WINDOWS) {
      const a = Math.max(instantAt(day, open).getTime(), from.getTime());
      const b = Math.min(instantAt(day, close).getTime(), to.getTime());
      if (b > a) total += (b - a) / 60000;
    }
  }
  return Math.floor(total);
}

/** A receipt time in office hours, busier in the morning. */
function receiptMinutes(rng: Rng): number {
  const [morning, afternoon] = OFFICE_WINDOWS as [readonly [number, number], readonly [number, number]];
  const [open, close] = rng.chance(0.62) ? morning : afternoon;
  return rng.int(open, close - 1);
}

function filesOnDay(rng: Rng, day: number): number {
  const w = weekday(day); // 1 = Monday … 5 = Friday
  const bias = w === 1 ? 6 : w === 5 ? -5 : 0;
  return Math.min(60, Math.max(25, rng.int(30, 50) + bias));
}

function fieldKind(p: DemoProcedure): "radiation" | "standards" | "science" | "other" {
  if (p.unit === UNIT.standards) return "standards";
  if (p.field.startsWith("Năng lượng")) return "radiation";
  if (p.unit === UNIT.science) return "science";
  return "other";
}

export function generateFiles(rng: Rng, ctx: FileContext): SeedFile[] {
  const files: SeedFile[] = [];
  const weights = ctx.procedures.map((p) => [p, p.weight] as const);
  const nowDay = localDay(ctx.now);
  const nowMinutes = localMinutes(ctx.now);
  let emailSeq = 0;

  for (let day = ctx.firstDay; day <= ctx.lastDay; day++) {
    if (!isWorkingDay(day)) continue;
    const n = filesOnDay(rng, day);
    let times = Array.from({ length: n }, () => receiptMinutes(rng)).sort((a, b) => a - b);
    if (day === nowDay) times = times.filter((m) => m < nowMinutes);
    if (day > nowDay) times = [];

    times.forEach((minutes, index) => {
      const procedure = rng.weighted(weights);
      const received = instantAt(day, minutes);
      const due = dueFor(received, procedure);
      const onlineShare = procedure.online === "full" ? 0.5 : procedure.online === "partial" ? 0.3 : 0;
      const channel: FileChannel = rng.chance(onlineShare) ? "online" : rng.chance(0.04) ? "postal" : "counter";
      const counterCode =
        channel === "counter"
          ? rng.weighted([
              ["Q1", 40],
              ["Q2", 35],
              ["Q3", 25],
            ] as const)
          : null;

      // Planned outcome; whether it has happened yet depends on "now".
      const lateRate = LATE_RATE[procedure.unit] ?? DEFAULT_LATE_RATE;
      const roll = rng.next();
      const span = Math.max(5, officeMinutesBetween(received, due));
      let planned: Date;
      if (roll < lateRate) {
        planned = addOfficeMinutes(due, rng.int(60, 5 * 8 * 60));
      } else if (roll < lateRate + ON_TIME_RATE) {
        planned = addOfficeMinutes(received, Math.max(5, Math.floor(span * (0.93 + rng.next() * 0.06))));
      } else {
        planned = addOfficeMinutes(received, Math.max(5, Math.floor(span * (0.3 + rng.next() * 0.6))));
      }
      if (planned > due && roll >= lateRate) planned = new Date(due.getTime() - 5 * 60000);
      if (planned <= received) planned = new Date(received.getTime() + 5 * 60000);

      let status: FileStatus = "returned";
      let returned: Date | null = planned;
      const stopRoll = rng.next();
      const supplementRoll = rng.next();
      const person = rng.chance(procedure.code === "1.000173" ? 0.9 : 0.12);
      const name = applicantName(rng, fieldKind(procedure), person);
      const applicantAddress = address(rng);
      if (stopRoll < 0.004 && day < nowDay - 2) {
        status = "stopped";
        returned = null;
      } else if (planned > ctx.now) {
        returned = null;
        status =
          supplementRoll < 0.06
            ? "supplement_requested"
            : day === nowDay && supplementRoll < 0.5
              ? "received"
              : "in_progress";
      }

      const seq = String(index + 1).padStart(4, "0");
      files.push({
        row: {
          id: rng.uuid(),
          agency_id: ctx.agencyId,
          code: `${DEMO_AGENCY_CODE}-${yymmdd(day)}-${seq}`,
          procedure_id: procedure.id,
          unit_id: ctx.unitIds[procedure.unit]!,
          counter_id: counterCode ? ctx.counterIds[counterCode]! : null,
          channel,
          status,
          received_at: received,
          due_at: due,
          returned_at: returned,
          applicant_name: name,
          applicant_address: applicantAddress,
          applicant_phone: null,
          // Reserved example.com addresses only, for files filed online.
          applicant_email: channel === "online" ? `hoso${++emailSeq}@example.com` : null,
          created_at: received,
          updated_at: returned ?? received,
        },
        procedure,
        counterCode,
        late: returned ? returned > due : ctx.now > due && status !== "stopped",
      });
    });
  }
  return files;
}
