import { describe, expect, it } from "vitest";
import { NATIONAL_CALENDAR_DAYS } from "../../scripts/seed/calendar-reference";
import { Calendar } from "../../worker/lib/calendar/calendar";
import { classifyFile, dueAlert, type FileTimes, workingDaysBefore } from "../../worker/lib/files/timeliness";

const calendar = new Calendar({
  national: NATIONAL_CALENDAR_DAYS.map((d) => ({
    date: d.day,
    kind: d.kind ?? "day_off",
    name: d.name,
    nameEn: d.nameEn,
    holiday: d.holiday,
    source: d.source,
  })),
});

const vn = (local: string) => new Date(`${local}:00+07:00`);
const HOUR = 3_600_000;

function file(over: Partial<FileTimes> = {}): FileTimes {
  return {
    receivedAt: vn("2026-11-02T08:00"),
    dueAt: vn("2026-11-09T17:00"),
    returnedAt: null,
    stoppedAt: null,
    supplements: [],
    ...over,
  };
}

describe("on time by the QĐ 766 rule (end ≤ appointment)", () => {
  const later = vn("2026-12-31T17:00");

  it("counts a file returned on an earlier day as early, on the appointment day as on time, after it as late", () => {
    expect(classifyFile(file({ returnedAt: vn("2026-11-06T10:00") }), later).outcome).toBe("early");
    expect(classifyFile(file({ returnedAt: vn("2026-11-09T16:59") }), later).outcome).toBe("on_time");
    expect(classifyFile(file({ returnedAt: vn("2026-11-09T17:00") }), later).outcome).toBe("on_time");
    const late = classifyFile(file({ returnedAt: vn("2026-11-09T17:01") }), later);
    expect(late).toMatchObject({ outcome: "late", lateReason: "after_due", finished: true });
  });

  it("subtracts the citizen's supplement time: returned three days after the appointment, after a 3-day wait, is on time", () => {
    const t = classifyFile(
      file({
        returnedAt: vn("2026-11-12T10:00"),
        supplements: [{ requestedAt: vn("2026-11-03T09:00"), completedAt: vn("2026-11-06T09:00") }],
      }),
      later,
    );
    expect(t.outcome).toBe("on_time");
    expect(t.waitingMs).toBe(72 * HOUR);
    expect(t.effectiveDueAt.toISOString()).toBe(vn("2026-11-12T17:00").toISOString());
  });

  it("counts a file supplemented twice as late, whatever its dates", () => {
    const t = classifyFile(
      file({
        returnedAt: vn("2026-11-04T10:00"),
        supplements: [
          { requestedAt: vn("2026-11-02T09:00"), completedAt: vn("2026-11-02T15:00") },
          { requestedAt: vn("2026-11-03T09:00"), completedAt: vn("2026-11-03T15:00") },
        ],
      }),
      later,
    );
    expect(t).toMatchObject({ outcome: "late", lateReason: "multiple_supplements", supplementCount: 2 });
  });

  it("measures an unfinished file at the end of the reporting period", () => {
    expect(classifyFile(file(), vn("2026-11-05T12:00"))).toMatchObject({ outcome: "pending", finished: false });
    expect(classifyFile(file(), vn("2026-11-10T08:00"))).toMatchObject({ outcome: "late", finished: false });
  });

  it("treats a file returned after the period's end as unfinished in that period", () => {
    const f = file({ returnedAt: vn("2026-11-20T10:00") });
    expect(classifyFile(f, vn("2026-11-08T23:59"))).toMatchObject({ outcome: "pending", finished: false });
    expect(classifyFile(f, vn("2026-11-30T23:59"))).toMatchObject({ outcome: "late", finished: true });
  });

  it("stops the clock at an open supplement request: waiting for the citizen is not lateness", () => {
    const t = classifyFile(file({ supplements: [{ requestedAt: vn("2026-11-05T09:00"), completedAt: null }] }), later);
    expect(t).toMatchObject({ outcome: "pending", awaitingSupplement: true });
    expect(t.endAt.toISOString()).toBe(vn("2026-11-05T09:00").toISOString());
  });

  it("ends a stopped file when it was stopped", () => {
    expect(classifyFile(file({ stoppedAt: vn("2026-11-04T09:00") }), later).outcome).toBe("early");
  });
});

describe("the D−1 working-day alert (ND 118/2025 Điều 19 khoản 6)", () => {
  it("puts D−1 of a Monday appointment on the Friday before", () => {
    expect(workingDaysBefore(calendar, "2026-11-23", 1)).toBe("2026-11-20");
  });

  it("puts D−1 of the first working day after Tết Bính Ngọ (Monday 23/02/2026) on Friday 13/02", () => {
    expect(workingDaysBefore(calendar, "2026-02-23", 1)).toBe("2026-02-13");
  });

  it("puts D−1 of Monday 04/05/2026 before the 30/4 break, on Wednesday 29/04", () => {
    expect(workingDaysBefore(calendar, "2026-05-04", 1)).toBe("2026-04-29");
    expect(workingDaysBefore(calendar, "2026-05-04", 2)).toBe("2026-04-28");
  });

  it("raises the alert from D−1 until the appointment, not before, and not for a finished file", () => {
    const f = file({ dueAt: vn("2026-11-23T17:00") });
    const at = (local: string) => dueAlert(calendar, classifyFile(f, vn(local)), vn(local), 1);
    expect(at("2026-11-19T16:00")).toEqual({ alertDate: "2026-11-20", dueSoon: false });
    expect(at("2026-11-20T08:00").dueSoon).toBe(true);
    expect(at("2026-11-22T10:00").dueSoon).toBe(true);
    expect(at("2026-11-23T17:01").dueSoon).toBe(false); // late now: the overdue list takes it
    const returned = file({ dueAt: vn("2026-11-23T17:00"), returnedAt: vn("2026-11-20T09:00") });
    expect(dueAlert(calendar, classifyFile(returned, vn("2026-11-20T10:00")), vn("2026-11-20T10:00"), 1).dueSoon).toBe(
      false,
    );
  });

  it("raises no alert while the file waits for the citizen's supplement", () => {
    const f = file({
      dueAt: vn("2026-11-23T17:00"),
      supplements: [{ requestedAt: vn("2026-11-18T09:00"), completedAt: null }],
    });
    expect(dueAlert(calendar, classifyFile(f, vn("2026-11-20T10:00")), vn("2026-11-20T10:00"), 1).dueSoon).toBe(false);
  });

  it("moves the alert with the supplement time", () => {
    const f = file({
      dueAt: vn("2026-11-23T17:00"),
      supplements: [{ requestedAt: vn("2026-11-16T17:00"), completedAt: vn("2026-11-18T17:00") }],
    });
    // Effective appointment Wednesday 25/11 17:00 → D−1 Tuesday 24/11.
    expect(dueAlert(calendar, classifyFile(f, vn("2026-11-20T10:00")), vn("2026-11-20T10:00"), 1).alertDate).toBe(
      "2026-11-24",
    );
  });
});
