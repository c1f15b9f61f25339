import { describe, expect, it } from "vitest";
import type { CaseKind, CaseStatus } from "../../schema/db/database";
import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATUSES,
  checkTransition,
  deadlinePlan,
  receiptPlan,
} from "../../worker/cases/workflow";

const idle = { paused: false, complex: false };
const KINDS: CaseKind[] = ["petition", "complaint", "denunciation"];

describe("the case transition table", () => {
  it("walks the main path of each kind", () => {
    const paths: Record<CaseKind, Array<[string, CaseStatus]>> = {
      petition: [
        ["accept", "accepted"],
        ["assign", "assigned"],
        ["start", "in_progress"],
        ["answer", "answered"],
        ["publish", "published"],
        ["close", "closed"],
      ],
      complaint: [
        ["accept", "accepted"],
        ["assign", "assigned"],
        ["start", "in_progress"],
        ["answer", "answered"],
        ["close", "closed"],
      ],
      denunciation: [
        ["accept", "accepted"],
        ["assign", "assigned"],
        ["start", "in_progress"],
        ["answer", "answered"],
        ["close", "closed"],
      ],
    };
    for (const kind of KINDS) {
      let status: CaseStatus = "received";
      for (const [action, to] of paths[kind]) {
        const check = checkTransition(kind, status, action as never, idle);
        expect(check.ok, `${kind}: ${action} from ${status}`).toBe(true);
        if (check.ok) {
          expect(check.to).toBe(to);
          status = check.to;
        }
      }
    }
  });

  it("ends nothing after rejected, forwarded or closed", () => {
    for (const kind of KINDS) {
      for (const status of ["rejected", "forwarded", "closed"] as const) {
        expect(allowedActions(kind, status, idle)).toEqual([]);
      }
    }
  });

  it("publishes only petitions, extends and pauses only complaints and denunciations", () => {
    expect(checkTransition("complaint", "answered", "publish", idle).ok).toBe(false);
    expect(checkTransition("denunciation", "answered", "publish", idle).ok).toBe(false);
    expect(checkTransition("petition", "answered", "close", idle).ok).toBe(false);
    for (const action of ["extend", "pause"] as const) {
      expect(checkTransition("petition", "accepted", action, idle).ok).toBe(false);
      expect(checkTransition("complaint", "accepted", action, idle).ok).toBe(true);
      expect(checkTransition("denunciation", "in_progress", action, idle).ok).toBe(true);
    }
    // Initial processing of a denunciation may be extended (7 → 10 working days); a complaint's acceptance not.
    expect(checkTransition("denunciation", "received", "extend", idle).ok).toBe(true);
    expect(checkTransition("complaint", "received", "extend", idle).ok).toBe(false);
  });

  it("allows only resume, assign and transfer while paused, and extends a complaint only once", () => {
    const paused = { paused: true, complex: false };
    expect(allowedActions("complaint", "in_progress", paused)).toEqual(["transfer", "assign", "resume"]);
    expect(checkTransition("complaint", "in_progress", "resume", idle).ok).toBe(false);
    expect(checkTransition("complaint", "in_progress", "extend", { paused: false, complex: true }).ok).toBe(false);
    expect(checkTransition("denunciation", "in_progress", "extend", { paused: false, complex: true }).ok).toBe(true);
  });

  it("says what is allowed when it refuses", () => {
    const check = checkTransition("petition", "received", "start", idle);
    expect(check).toEqual({ ok: false, allowed: ["accept", "reject", "forward", "transfer"] });
  });

  it("allows, in each status, exactly these actions", () => {
    const table = (kind: CaseKind) => Object.fromEntries(CASE_STATUSES.map((s) => [s, allowedActions(kind, s, idle)]));
    expect(table("petition")).toEqual({
      received: ["accept", "reject", "forward", "transfer"],
      accepted: ["forward", "transfer", "assign"],
      rejected: [],
      forwarded: [],
      assigned: ["transfer", "assign", "start"],
      in_progress: ["transfer", "assign", "answer"],
      answered: ["answer", "publish"],
      published: ["close"],
      closed: [],
    });
    expect(table("denunciation")).toEqual({
      received: ["accept", "reject", "forward", "transfer", "extend"],
      accepted: ["forward", "transfer", "assign", "extend", "pause"],
      rejected: [],
      forwarded: [],
      assigned: ["transfer", "assign", "start", "extend", "pause"],
      in_progress: ["transfer", "assign", "answer", "extend", "pause"],
      answered: ["answer", "close"],
      published: [],
      closed: [],
    });
    expect(CASE_ACTIONS).toHaveLength(12);
  });
});

describe("the deadline of each step", () => {
  const ctx = { complex: false, remote: false, status: "received" as CaseStatus };

  it("starts with the decision to accept: PAKN reject window, complaint acceptance, denunciation initial processing", () => {
    expect(receiptPlan("petition").step).toBe("reject");
    expect(receiptPlan("complaint").step).toBe("accept");
    expect(receiptPlan("denunciation").step).toBe("initial_processing");
  });

  it("counts resolution from acceptance, the PAKN answer from receipt", () => {
    expect(deadlinePlan("petition", "accept", ctx)).toEqual({
      close: "met",
      open: { step: "answer", from: "received", reason: "step" },
    });
    expect(deadlinePlan("complaint", "accept", ctx).open).toEqual({
      step: "resolve",
      from: "accepted",
      reason: "step",
    });
    expect(deadlinePlan("complaint", "accept", { ...ctx, complex: true }).open?.step).toBe("resolve_complex");
    expect(deadlinePlan("complaint", "accept", { ...ctx, remote: true }).open?.step).toBe("resolve_remote");
    expect(deadlinePlan("denunciation", "accept", ctx).open?.step).toBe("resolve");
  });

  it("extends a complaint to the complex period from acceptance, a denunciation from its current due date", () => {
    const active = { ...ctx, status: "in_progress" as CaseStatus };
    expect(deadlinePlan("complaint", "extend", active)).toEqual({
      close: "superseded",
      open: { step: "resolve_complex", from: "accepted", reason: "extension" },
    });
    expect(deadlinePlan("denunciation", "extend", active).open).toEqual({
      step: "extend",
      from: "current_due",
      reason: "extension",
    });
    expect(deadlinePlan("denunciation", "extend", ctx).open?.step).toBe("initial_processing_extended");
  });

  it("after the answer: publish a PAKN within its period, send a complaint decision, nothing for a denunciation", () => {
    const active = { ...ctx, status: "in_progress" as CaseStatus };
    expect(deadlinePlan("petition", "answer", active).open?.step).toBe("publish");
    expect(deadlinePlan("complaint", "answer", active).open?.step).toBe("send_decision");
    expect(deadlinePlan("denunciation", "answer", active)).toEqual({ close: "met", open: null });
    // Amending an answer changes no deadline.
    expect(deadlinePlan("petition", "answer", { ...ctx, status: "answered" })).toEqual({ close: "keep", open: null });
    expect(deadlinePlan("petition", "assign", active)).toEqual({ close: "keep", open: null });
  });
});
