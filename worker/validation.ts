import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { z } from "zod";
import { fieldMessages, isFieldMessageKey } from "../schema/api/messages";
import { type FieldError, ProblemError } from "./problems";

const vi = z.locales.vi().localeError;
const en = z.locales.en().localeError;

type Issue = z.core.$ZodIssue;

function localise(issue: Issue): FieldError["message"] {
  if (isFieldMessageKey(issue.message)) return fieldMessages[issue.message];
  const raw = issue as unknown as z.core.$ZodRawIssue;
  const text = (fn: typeof vi) => {
    const out = fn(raw);
    return typeof out === "string" ? out : (out?.message ?? issue.message);
  };
  return { vi: text(vi), en: text(en) };
}

/** Turns zod issues into the problem's per-field errors, in both languages. */
export function fieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: localise(issue),
  }));
}

/**
 * What each `validate()` middleware checks, keyed by the middleware itself: with the app's
 * `routes` (which list every handler of a route, validators included) it tells, for any route,
 * the schema of its body, query and path. The property tests (test/worker/fuzz.test.ts) read it
 * to build inputs that reach past validation, so a new route is fuzzed with its own schema.
 */
const validators = new WeakMap<object, { target: keyof ValidationTargets; schema: z.ZodType }>();

export function validatorOf(handler: object): { target: keyof ValidationTargets; schema: z.ZodType } | undefined {
  return validators.get(handler);
}

/**
 * `@hono/zod-validator` with the house rule: a failure is a 422 validation problem whose
 * `errors` name each field, in Vietnamese and English.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(
    target,
    schema,
    (result) => {
      if (!result.success) {
        throw new ProblemError("validation", { errors: fieldErrors(result.error.issues) });
      }
    },
    {
      // Keep the input on each issue so the locale can say what it received.
      validationFunction: (s, value) => s.safeParseAsync(value, { reportInput: true }) as never,
    },
  );
  validators.set(middleware, { target, schema });
  return middleware;
}
