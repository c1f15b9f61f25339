/**
 * fast-check arbitraries for hostile HTTP input: texts, JSON values, raw bodies, content types,
 * query strings and path segments, and values built from a route's own zod schema (so that a
 * share of the inputs passes validation and reaches the services and the database).
 */
import fc from "fast-check";
import { ALL_PAYLOADS, BAD_PERCENT, FORMULA_PAYLOADS, INVALID_UTF8, MARKUP_PAYLOADS, SQL_PAYLOADS } from "./payloads";

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const vietnamese = fc.constantFrom(
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ 0123456789.,-/",
);

/** A hostile or odd text: payloads, raw code units, graphemes, Vietnamese, huge repeats. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...ALL_PAYLOADS), weight: 6 },
  { arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: vietnamese, maxLength: 80 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...ALL_PAYLOADS, "a", "ệ", "\u0000"), fc.integer({ min: 200, max: 20_000 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / Math.max(1, s.length)))),
    weight: 1,
  },
);

const weirdNumber = fc.constantFrom(
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
);

const keyArb = fc.oneof(
  fc.constantFrom("id", "__proto__", "constructor", "agencyId", "role", "status", "", "a".repeat(300), "$where"),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value (nested a little), with hostile strings and numbers. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    weirdNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(keyArb, tie("value"), { maxKeys: 5 }),
  ),
})).value;

// ---------------------------------------------------------------------------------------------
// Values from a zod schema

/** Values the world knows, by field name (agencyCode, publicCode…) and for any uuid field. */
export interface Known {
  ids: readonly string[];
  byKey: Readonly<Record<string, readonly string[]>>;
}

type Def = Record<string, any> & { type: string };

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

function checksOf(def: Def): Def[] {
  return ((def.checks ?? []) as { _zod: { def: Def } }[]).map((c) => c._zod.def);
}

function lengthBounds(def: Def): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of checksOf(def)) {
    if (c.check === "min_length") min = Math.max(min, c.minimum);
    if (c.check === "max_length") max = Math.min(max, c.maximum);
    if (c.check === "length_equals") {
      min = c.length;
      max = c.length;
    }
  }
  return { min, max };
}

function isoDate(d: Date): string {
  return d.toISOString();
}

const dates = fc.date({
  min: new Date("2020-01-01T00:00:00Z"),
  max: new Date("2030-12-31T00:00:00Z"),
  noInvalidDate: true,
});

function stringFromDef(def: Def, known: Known, key: string | undefined): fc.Arbitrary<string> {
  const { min, max } = lengthBounds(def);
  const format: string | undefined = def.format;
  const patterns = checksOf(def)
    .filter((c) => c.check === "string_format" && c.pattern instanceof RegExp)
    .map((c) => c.pattern as RegExp);
  const options: fc.Arbitrary<string>[] = [];
  const knownForKey = key ? known.byKey[key] : undefined;
  if (knownForKey?.length) options.push(fc.constantFrom(...knownForKey), fc.constantFrom(...knownForKey));
  if (format === "uuid" || format === "guid") {
    if (known.ids.length) options.push(fc.constantFrom(...known.ids), fc.constantFrom(...known.ids));
    options.push(fc.uuid({ version: 4 }));
  } else if (format === "email") {
    options.push(fc.emailAddress().filter((e) => e.length <= Math.min(max, 200)));
  } else if (format === "datetime") {
    options.push(
      dates.map(isoDate),
      dates.map((d) => isoDate(d).replace("Z", "+07:00")),
    );
  } else if (format === "date") {
    options.push(dates.map((d) => isoDate(d).slice(0, 10)));
  } else if (format === "time") {
    options.push(
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
    );
  } else if (format === "url") {
    options.push(fc.webUrl());
  } else if (def.pattern instanceof RegExp) {
    options.push(fc.stringMatching(def.pattern));
  }
  for (const p of patterns) options.push(fc.stringMatching(p).filter((s) => s.length >= min && s.length <= max));
  if (options.length === 0 || (!format && patterns.length === 0)) {
    const hi = Math.min(max, Math.max(min, 60));
    options.push(fc.string({ unit: vietnamese, minLength: Math.min(min, hi), maxLength: hi }));
    const fitting = ALL_PAYLOADS.filter((p) => p.length >= min && p.length <= max);
    if (fitting.length) options.push(fc.constantFrom(...fitting));
  }
  return fc.oneof(...options);
}

function numberFromDef(def: Def): fc.Arbitrary<number> {
  let min = -1_000_000;
  let max = 1_000_000;
  let integer = def.format === "safeint" || def.format === "int32" || def.format === "uint32";
  for (const c of checksOf(def)) {
    if (c.check === "number_format" && /int/.test(c.format)) integer = true;
    if (c.check === "greater_than") min = Math.max(min, c.inclusive ? c.value : c.value + (integer ? 1 : 1e-6));
    if (c.check === "less_than") max = Math.min(max, c.inclusive ? c.value : c.value - (integer ? 1 : 1e-6));
  }
  if (min > max) return fc.constant(min);
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * Values that the schema (probably) accepts: formats, lengths, ranges, enums, literals and
 * known ids are honoured; refinements are not, so some values still fail validation.
 */
export function fromSchema(schema: unknown, known: Known, key?: string, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 8) return fc.constant(null);
  const next = (s: unknown, k = key) => fromSchema(s, known, k, depth + 1);
  switch (def.type) {
    case "string":
      return stringFromDef(def, known, key);
    case "number":
      return numberFromDef(def);
    case "bigint":
      return fc.bigInt({ min: 0n, max: 1000n }).map(String);
    case "boolean":
      return fc.boolean();
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "optional":
      return fc.option(next(def.innerType), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(next(def.innerType), { nil: null, freq: 4 });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
    case "success":
      return next(def.innerType);
    case "pipe":
      return defOf(def.in).type === "transform" ? next(def.out) : next(def.in);
    case "lazy":
      return next(def.getter());
    case "array": {
      const { min, max } = lengthBounds(def);
      return fc.array(next(def.element), { minLength: min, maxLength: Math.min(max, Math.max(min, 4)) });
    }
    case "tuple":
      return fc.tuple(...(def.items as unknown[]).map((s) => next(s)));
    case "union":
      return fc.oneof(...(def.options as unknown[]).map((s) => next(s)));
    case "intersection":
      return next(def.left);
    case "record":
      return fc.dictionary(next(def.keyType).map(String), next(def.valueType), { maxKeys: 3 });
    case "object": {
      const shape = def.shape as Record<string, { _zod: { optin?: string } }>;
      const entries = Object.entries(shape);
      const arbs: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [k, s] of entries) {
        arbs[k] = fromSchema(s, known, k, depth + 1);
        if (s._zod.optin !== "optional") required.push(k);
      }
      return fc.record(arbs, { requiredKeys: required });
    }
    case "date":
      return dates.map(isoDate);
    default:
      return anyJson;
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid value

type MutationKind = "replace" | "delete" | "add" | "wrong-type" | "payloads" | "huge";

interface Mutation {
  kind: MutationKind;
  pick: number;
  value: unknown;
  key: string;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>(
    "replace",
    "replace",
    "delete",
    "add",
    "wrong-type",
    "wrong-type",
    "payloads",
    "huge",
  ),
  pick: fc.nat(),
  value: anyJson,
  key: keyArb,
});

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) slot in a JSON value, depth-first. */
function slots(root: unknown): Array<[Container, string | number]> {
  const out: Array<[Container, string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

function wrongTypeOf(value: unknown, pick: number): unknown {
  const choices: unknown[] = [null, 0, -1, 1.5, true, "", "1", [], {}, [value], { value }];
  if (typeof value === "string") choices.push(Number(value) || 42, value.length);
  if (typeof value === "number") choices.push(String(value), value * 1e300, -value);
  return choices[pick % choices.length];
}

function replaceStrings(node: unknown, payload: string): unknown {
  if (typeof node === "string") return payload;
  if (Array.isArray(node)) return node.map((v) => replaceStrings(v, payload));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replaceStrings(v, payload)]));
  }
  return node;
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const copy = structuredClone(root) as unknown;
  if (m.kind === "payloads") {
    const all = [...SQL_PAYLOADS, ...MARKUP_PAYLOADS, ...FORMULA_PAYLOADS];
    return replaceStrings(copy, all[m.pick % all.length] as string);
  }
  const list = slots(copy);
  if (list.length === 0 || copy === null || typeof copy !== "object") {
    return m.kind === "add" ? { [m.key]: m.value } : m.value;
  }
  const [container, slot] = list[m.pick % list.length] as [Container, string | number];
  const current = (container as Record<string | number, unknown>)[slot];
  switch (m.kind) {
    case "replace":
      (container as Record<string | number, unknown>)[slot] = m.value;
      break;
    case "wrong-type":
      (container as Record<string | number, unknown>)[slot] = wrongTypeOf(current, m.pick);
      break;
    case "delete":
      if (Array.isArray(container)) container.splice(slot as number, 1);
      else delete container[slot as string];
      break;
    case "add":
      if (Array.isArray(container)) container.push(m.value);
      else if (m.key !== "__proto__") container[m.key] = m.value;
      break;
    case "huge":
      {
        const unit = typeof current === "string" && current ? current.slice(0, 100) : "ệ";
        const size = 20_000 + (m.pick % 300_000);
        (container as Record<string | number, unknown>)[slot] = unit
          .repeat(Math.ceil(size / unit.length))
          .slice(0, size);
      }
      break;
  }
  return copy;
}

/** A valid-looking value, then 0–3 mutations: wrong types, missing and unknown fields, payloads. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(base, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
    .map(([value, ms]) => ms.reduce((v, m) => applyMutation(v, m), value));
}

/** A body value: the schema's own values (some), mutated ones (most), or anything at all. */
export function jsonValueFor(schemaArb: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<unknown> {
  if (!schemaArb) {
    return fc.oneof(
      { arbitrary: anyJson, weight: 3 },
      { arbitrary: fc.dictionary(keyArb, anyJson, { maxKeys: 6 }), weight: 3 },
      { arbitrary: fc.constant({}), weight: 1 },
    );
  }
  return fc.oneof(
    { arbitrary: schemaArb, weight: 4 },
    { arbitrary: mutated(schemaArb), weight: 6 },
    { arbitrary: anyJson, weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Bodies on the wire

export interface WireBody {
  /** What the body is, for the failure report. */
  label: string;
  body?: string | Uint8Array;
  contentType?: string;
  /** A content-length header that lies (bigger than the body). */
  declaredLength?: number;
}

const encoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** JSON text with invalid UTF-8 bytes inside its first string (or at its start). */
function withInvalidUtf8(json: string, bytes: readonly number[], pick: number): Uint8Array {
  const quote = json.indexOf('"', pick % Math.max(1, json.length));
  const at = quote >= 0 ? quote + 1 : 0;
  return concat(encoder.encode(json.slice(0, at)), new Uint8Array(bytes), encoder.encode(json.slice(at)));
}

export const wrongContentType = fc.constantFrom(
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=----x",
  "application/xml",
  "text/csv",
  "application/json; charset=iso-8859-1",
  "application/json; charset=utf-16",
  "application/jsonx",
  "a/b/c;;;=",
  "",
);

/** One MiB and a bit: over the API's body limit. */
export const OVERSIZED_BYTES = 1024 * 1024 + 17;

/** How a JSON value goes on the wire: mostly as JSON, sometimes broken in one way or another. */
export function wireBodyFor(value: fc.Arbitrary<unknown>): fc.Arbitrary<WireBody> {
  const asJson = value.map(
    (v): WireBody => ({ label: "json", body: JSON.stringify(v) ?? "null", contentType: "application/json" }),
  );
  return fc.oneof(
    { arbitrary: asJson, weight: 24 },
    {
      arbitrary: fc.tuple(value, wrongContentType).map(
        ([v, ct]): WireBody => ({
          label: `json as ${ct || "(empty type)"}`,
          body: JSON.stringify(v) ?? "null",
          contentType: ct,
        }),
      ),
      weight: 2,
    },
    {
      arbitrary: value.map(
        (v): WireBody => ({ label: "json without content-type", body: JSON.stringify(v) ?? "null" }),
      ),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(value, fc.constantFrom(...INVALID_UTF8), fc.nat()).map(
        ([v, bytes, pick]): WireBody => ({
          label: `invalid utf-8 ${bytes.map((b) => b.toString(16)).join(" ")}`,
          body: withInvalidUtf8(JSON.stringify(v) ?? "null", bytes, pick),
          contentType: "application/json",
        }),
      ),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(value, fc.nat()).map(([v, cut]): WireBody => {
        const text = JSON.stringify(v) ?? "null";
        return {
          label: "truncated json",
          body: text.slice(0, cut % Math.max(1, text.length)),
          contentType: "application/json",
        };
      }),
      weight: 1,
    },
    {
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((b): WireBody => ({ label: "random bytes", body: b, contentType: "application/json" })),
      weight: 1,
    },
    {
      arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map(
        (n): WireBody => ({
          label: `nested ${n} deep`,
          body: `${"[".repeat(n)}${"]".repeat(n)}`,
          contentType: "application/json",
        }),
      ),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(
          "",
          "null",
          "[]",
          '"text"',
          "1e999",
          "-0",
          '{"a":1,"a":2}',
          '{"__proto__":{"admin":true}}',
          "{'single':'quotes'}",
          "\ufeff{}",
          "{}garbage",
        )
        .map((body): WireBody => ({ label: "odd json text", body, contentType: "application/json" })),
      weight: 1,
    },
  );
}

/** Bodies over the limit: real ones, and small ones whose content-length claims more. */
export const oversizedBody: fc.Arbitrary<WireBody> = fc.oneof(
  fc.constant<WireBody>({
    label: "oversized body",
    body: `{"x":"${"a".repeat(OVERSIZED_BYTES)}"}`,
    contentType: "application/json",
  }),
  fc.constant<WireBody>({
    label: "lying content-length",
    body: "{}",
    contentType: "application/json",
    declaredLength: OVERSIZED_BYTES,
  }),
);

// ---------------------------------------------------------------------------------------------
// Queries and path segments

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent that never throws (lone surrogates become U+FFFD first). */
export function encodeSegment(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, "\uFFFD"));
}

export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  nastyString.filter((s) => s.length > 0 && s.length < 3000).map(encodeSegment),
  fc.constantFrom(...BAD_PERCENT),
  fc
    .tuple(fc.constantFrom(...BAD_PERCENT), fc.string({ unit: "grapheme-ascii", maxLength: 8 }))
    .map(([a, b]) => `${encodeSegment(b)}${a}`),
  fc.integer().map(String),
  fc.constantFrom(
    "-1",
    "0",
    "1.5",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "x".repeat(5000),
  ),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** Raw query strings: the schema's own keys with good and hostile values, repeats and bad escapes. */
export function queryFor(schemaArb: fc.Arbitrary<unknown> | undefined, keys: readonly string[]): fc.Arbitrary<string> {
  const good = schemaArb
    ? schemaArb.map((v) => {
        const q = new URLSearchParams();
        if (v && typeof v === "object") {
          for (const [k, x] of Object.entries(v)) {
            if (x === undefined) continue;
            if (Array.isArray(x)) for (const item of x) q.append(k, String(item));
            else q.append(k, typeof x === "object" ? JSON.stringify(x) : String(x));
          }
        }
        return q.toString().replace(/%EF%BF%BD/g, "%ED%A0%80");
      })
    : fc.constant("");
  const allKeys = keys.length ? keys : ["page", "limit", "q", "from", "to", "status"];
  const hostile = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...allKeys), keyArb.map(encodeSegment)),
        fc.oneof(hostileSegment, fc.constantFrom("", "[]", "true", "-1", "1e309", "2026-02-30", "9999-12-31")),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
  return fc.oneof(
    { arbitrary: good, weight: 4 },
    { arbitrary: fc.tuple(good, hostile).map(([a, b]) => [a, b].filter(Boolean).join("&")), weight: 3 },
    { arbitrary: hostile, weight: 2 },
    { arbitrary: fc.constantFrom("%", "&&&", "=", "a=%", "a[]=1&a[]=2", `q=${"x".repeat(20_000)}`), weight: 1 },
  );
}
