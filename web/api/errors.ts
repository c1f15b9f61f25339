import type { Problem } from "../../schema/api/problem";
import { type Lang, lang } from "../i18n/i18n";

/*
 * The errors the API client throws. Kept apart from client.ts (which needs zod to check
 * answers) so that the shell can recognise them without loading zod on every page.
 */

/** The API answered with a problem (RFC 9457); the text is available in both languages. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
  }

  get status(): number {
    return this.problem.status;
  }

  /** The stable slug of the problem type, e.g. "not-found", "validation". */
  get slug(): string {
    return this.problem.type.slice(this.problem.type.lastIndexOf("/") + 1);
  }

  title(l: Lang = lang.value): string {
    return this.problem.i18n?.[l].title ?? this.problem.title;
  }

  detail(l: Lang = lang.value): string | undefined {
    return this.problem.i18n ? this.problem.i18n[l].detail : this.problem.detail;
  }

  /** Per-field messages of a validation problem, by field path, in the reader's language. */
  fieldErrors(l: Lang = lang.value): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      // `message` is in the language the request asked for (Accept-Language follows the
      // current language), `messageEn` always English.
      out[e.path] = l === "en" ? (e.messageEn ?? e.message) : e.message;
    }
    return out;
  }
}

/** The request never reached the API (no network, DNS, connection reset). */
export class ApiOfflineError extends Error {
  constructor(cause?: unknown) {
    super("network unavailable", { cause });
    this.name = "ApiOfflineError";
  }
}

/** The API answered something outside the contract (a proxy's HTML page, a changed field). */
export class ApiContractError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiContractError";
  }
}
