import type { PublicAgency, PublicCounter } from "../../schema/api/public";
import type { RatingFile, SubmissionReceipt, SurveyDefinition } from "../../schema/api/ratings";

/*
 * Structural checks of the answers the citizen's rating path reads, without zod.
 *
 * Why not the zod schemas of schema/api: zod is ~24 KB gzipped, and the QR page's first load
 * (a cheap phone on weak 3G) has a 60 KB budget. These checks cover every field the rating pages
 * read, with the types the shared schemas declare (imported as types only, so zod stays out of
 * the bundle); test/unit/citizen-contract.test.ts proves they accept what the zod schemas accept
 * and refuse the answers the pages could not use. Pure: no DOM, no i18n.
 */

type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === "string";
const int: Check = (v) => Number.isInteger(v);
const num: Check = (v) => typeof v === "number" && Number.isFinite(v);
const bool: Check = (v) => typeof v === "boolean";
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);
const list =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const object =
  (shape: Record<string, Check>): Check =>
  (v) =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.entries(shape).every(([key, check]) => check((v as Record<string, unknown>)[key]));
/** An ISO 8601 timestamp the Date constructor understands. */
const instant: Check = (v) => typeof v === "string" && !Number.isNaN(Date.parse(v));

const text = object({ vi: str, en: nullable(str) });
const choice = object({ value: str, label: text });
const surveyKind = oneOf("sipas", "quick");
const surveySummary = object({ id: str, kind: surveyKind, name: str, nameEn: nullable(str), version: int });

const agency = object({
  code: str,
  name: str,
  shortName: nullable(str),
  address: nullable(str),
  hotline: nullable(str),
  email: nullable(str),
  website: nullable(str),
  satisfactionTarget: num,
  leaders: list(object({ title: str, name: str, phone: nullable(str), email: nullable(str) })),
});

const counter = object({
  publicCode: str,
  name: str,
  location: nullable(str),
  unit: object({ name: str }),
  agency,
  survey: nullable(surveySummary),
});

const survey = object({
  id: str,
  code: str,
  version: int,
  kind: surveyKind,
  name: text,
  scale: object({
    levels: oneOf(3, 5),
    options: list(object({ score: int, label: text, satisfied: bool })),
  }),
  followUpAtOrBelow: int,
  reasonRequiredAtOrBelow: nullable(int),
  elements: list(
    object({
      code: str,
      name: text,
      satisfactionQuestion: nullable(text),
      criteria: list(object({ code: str, text, required: bool })),
    }),
  ),
  overall: object({ question: text, criterionCode: nullable(str) }),
  expectations: nullable(object({ question: text, max: int, options: list(object({ code: str, text })) })),
  respondent: object({ kinds: list(choice), ageBands: list(choice), genders: list(choice) }),
  contactConsent: object({ version: str, text }),
  turnstileSiteKey: nullable(str),
  honeypotField: str,
});

const file = object({
  agency: object({ code: str, name: str, shortName: nullable(str) }),
  file: object({
    code: str,
    procedureName: str,
    unitName: str,
    status: str,
    receivedAt: instant,
    returnedAt: nullable(instant),
  }),
  survey: nullable(surveySummary),
  alreadyRated: bool,
  rateUntil: nullable(instant),
});

const receipt = object({ id: str, receivedAt: instant, followUp: bool });

const problem = object({ type: str, title: str, status: int });

export const isPublicCounter = (v: unknown): v is PublicCounter => counter(v);
export const isPublicAgency = (v: unknown): v is PublicAgency => agency(v);
export const isSurveyDefinition = (v: unknown): v is SurveyDefinition => survey(v);
export const isRatingFile = (v: unknown): v is RatingFile => file(v);
export const isSubmissionReceipt = (v: unknown): v is SubmissionReceipt => receipt(v);
/** The minimum of an RFC 9457 problem the pages read (type, title, status); the rest is optional. */
export const isProblemBody = (v: unknown): boolean => problem(v);
