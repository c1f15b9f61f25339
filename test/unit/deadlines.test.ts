import { describe, expect, it } from "vitest";
import { NATIONAL_CALENDAR_DAYS, NATIONAL_DEADLINE_RULES } from "../../scripts/seed/calendar-reference";
import { Calendar } from "../../worker/lib/calendar/calendar";
import { type DeadlineRule, dueDate, NoDeadlineRuleError, ruleInForce } from "../../worker/lib/calendar/deadlines";

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

/** The seeded national rules, as the service hands them to the engine. */
const national: DeadlineRule[] = NATIONAL_DEADLINE_RULES.map((r, i) => ({
  id: `national-${i}`,
  agencyId: null,
  caseKind: r.case_kind,
  step: r.step,
  period: r.period,
  dayType: r.day_type,
  legalBasis: r.legal_basis,
  confidence: r.confidence,
  maxTimes: r.max_times ?? null,
  validFrom: r.valid_from,
  validTo: r.valid_to ?? null,
}));

describe("the time to accept a complaint across 01/07/2026 (ND 155/2026)", () => {
  it("gives a complaint received Thursday 25/06/2026 10 working days: due Thursday 09/07/2026", () => {
    // 26/06 (1), 29 (2), 30 (3), 01/07 (4), 02 (5), 03 (6), 06 (7), 07 (8), 08 (9), 09 (10).
    const { due, rule } = dueDate(national, calendar, { kind: "complaint", step: "accept", start: "2026-06-25" });
    expect(due).toBe("2026-07-09");
    expect(rule).toMatchObject({ period: 10, dayType: "working", validTo: "2026-06-30", confidence: "P" });
    expect(rule.legalBasis).toContain("TT 07/2013/TT-TTCP");
  });

  it("gives a complaint received Thursday 02/07/2026 7 working days: due Monday 13/07/2026", () => {
    // 03/07 (1), 06 (2), 07 (3), 08 (4), 09 (5), 10 (6), 13 (7).
    const { due, rule } = dueDate(national, calendar, { kind: "complaint", step: "accept", start: "2026-07-02" });
    expect(due).toBe("2026-07-13");
    expect(rule).toMatchObject({ period: 7, validFrom: "2026-07-01", validTo: null, confidence: "S" });
    expect(rule.legalBasis).toContain("ND 155/2026");
  });

  it("picks the rule by the start date at the boundary: 30/06 keeps 10 days, 01/07 gets 7", () => {
    expect(dueDate(national, calendar, { kind: "complaint", step: "accept", start: "2026-06-30" }).due).toBe(
      "2026-07-14",
    );
    expect(dueDate(national, calendar, { kind: "complaint", step: "accept", start: "2026-07-01" }).due).toBe(
      "2026-07-10",
    );
  });
});

describe("calendar-day limits roll forward off days off (BLDS 2015 Art. 148)", () => {
  it("ends a complaint's 30 days from 02/01/2026 on Monday 02/02/2026, the 30th day being a Sunday", () => {
    const result = dueDate(national, calendar, { kind: "complaint", step: "resolve", start: "2026-01-02" });
    expect(result.explanation).toMatchObject({ nominalEnd: "2026-02-01", due: "2026-02-02", rolledForward: true });
  });

  it("ends a denunciation's 30 days from 01/04/2026 on Monday 04/05/2026, after 1/5 and the weekend", () => {
    expect(dueDate(national, calendar, { kind: "denunciation", step: "resolve", start: "2026-04-01" }).due).toBe(
      "2026-05-04",
    );
  });

  it("allows a denunciation two extensions of 30 days each", () => {
    const { rule } = dueDate(national, calendar, { kind: "denunciation", step: "extend", start: "2026-05-04" });
    expect(rule).toMatchObject({ period: 30, dayType: "calendar", maxTimes: 2 });
  });
});

describe("working-day limits of petitions and denunciations", () => {
  it("gives a petition received before Tết 2026 15 working days to answer: 13/02 → 13/03/2026", () => {
    expect(dueDate(national, calendar, { kind: "petition", step: "answer", start: "2026-02-13" }).due).toBe(
      "2026-03-13",
    );
  });

  it("forwards a petition within 5 working days and publishes the answer within 2", () => {
    expect(dueDate(national, calendar, { kind: "petition", step: "forward", start: "2026-04-28" }).due).toBe(
      "2026-05-07",
    );
    expect(dueDate(national, calendar, { kind: "petition", step: "publish", start: "2026-03-06" }).due).toBe(
      "2026-03-10",
    );
  });

  it("gives a denunciation 7 working days of initial processing, 10 when extended", () => {
    expect(
      dueDate(national, calendar, { kind: "denunciation", step: "initial_processing", start: "2026-03-02" }).due,
    ).toBe("2026-03-11");
    expect(
      dueDate(national, calendar, { kind: "denunciation", step: "initial_processing_extended", start: "2026-03-02" })
        .due,
    ).toBe("2026-03-16");
  });

  it("answers any case received in person within 10 working days (Luật Tiếp công dân Art. 28)", () => {
    for (const kind of ["petition", "complaint", "denunciation"] as const) {
      expect(dueDate(national, calendar, { kind, step: "reception_answer", start: "2026-03-02" }).due).toBe(
        "2026-03-16",
      );
    }
  });
});

describe("agency rules and missing rules", () => {
  const agencyRule: DeadlineRule = {
    ...national.find((r) => r.caseKind === "complaint" && r.step === "accept" && r.validTo === null)!,
    id: "agency-1",
    agencyId: "agency-a",
    period: 5,
    legalBasis: "Quy chế nội bộ",
    validFrom: "2026-07-01",
  };

  it("prefers the agency's own rule in force over the national one, for that agency only", () => {
    const rules = [...national, agencyRule];
    const own = dueDate(rules, calendar, {
      kind: "complaint",
      step: "accept",
      start: "2026-07-02",
      agencyId: "agency-a",
    });
    expect(own).toMatchObject({ due: "2026-07-09", rule: { id: "agency-1" } });
    const other = dueDate(rules, calendar, {
      kind: "complaint",
      step: "accept",
      start: "2026-07-02",
      agencyId: "agency-b",
    });
    expect(other.rule.agencyId).toBeNull();
    // Before the agency rule starts, the national rule of that date applies.
    expect(
      ruleInForce(rules, { kind: "complaint", step: "accept", start: "2026-06-30", agencyId: "agency-a" }),
    ).toMatchObject({ agencyId: null, period: 10 });
  });

  it("throws a named error when no rule is in force", () => {
    expect(() => dueDate(national, calendar, { kind: "complaint", step: "accept", start: "2010-01-01" })).toThrow(
      NoDeadlineRuleError,
    );
    expect(() => dueDate(national, calendar, { kind: "petition", step: "resolve", start: "2026-03-02" })).toThrow(
      NoDeadlineRuleError,
    );
  });

  it("seeds rules that never overlap for the same kind and step, each with its basis and confidence", () => {
    for (const a of national) {
      expect(a.legalBasis.length).toBeGreaterThan(10);
      expect(["P", "S", "I", "U"]).toContain(a.confidence);
      for (const b of national) {
        if (a === b || a.caseKind !== b.caseKind || a.step !== b.step) continue;
        const overlap = a.validFrom <= (b.validTo ?? "9999-12-31") && b.validFrom <= (a.validTo ?? "9999-12-31");
        expect(overlap, `${a.caseKind}/${a.step}`).toBe(false);
      }
    }
  });
});
