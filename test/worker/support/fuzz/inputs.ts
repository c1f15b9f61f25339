/**
 * The requests fuzzed for one route: path parameters (known ids and codes, or hostile
 * segments), a query string, a body built from the route's schema and broken in many ways,
 * the credentials the route needs (mostly right, sometimes missing or wrong), and for the
 * upload routes mislabelled and oversized files.
 */
import fc from "fast-check";
import { ATTACHMENT_NAME_HEADER, CASE_SECRET_HEADER } from "../../../../schema/api/cases";
import {
  encodeSegment,
  fromSchema,
  hostileSegment,
  jsonValueFor,
  type Known,
  nastyString,
  OVERSIZED_BYTES,
  oversizedBody,
  queryFor,
  type WireBody,
  wireBodyFor,
} from "./arbitraries";
import { type FuzzRoute, objectKeys } from "./catalogue";
import { FORMULA_PAYLOADS, MARKUP_PAYLOADS, SQL_PAYLOADS } from "./payloads";

export type AuthMode = "good" | "none" | "bad-cookie" | "bad-csrf" | "foreign-origin";

export interface FuzzInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: WireBody;
  auth: AuthMode;
  via: "app" | "fetch";
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
const PDF = Array.from(new TextEncoder().encode("%PDF-1.4\n%%EOF\n"));
const ZIP = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00];
const EXE = [0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00];
const HTML = Array.from(new TextEncoder().encode("<html><script>alert(1)</script></html>"));
const SVG = Array.from(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));

/** Uploads: real magic bytes under wrong names, scripts, empty and huge files, odd names. */
const uploadBody: fc.Arbitrary<{ body: WireBody; name: string | undefined }> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(PNG, PDF, ZIP, EXE, HTML, SVG, []).map((bytes) => new Uint8Array(bytes)),
      fc.uint8Array({ maxLength: 2000 }),
      fc
        .tuple(fc.constantFrom(PNG, PDF, ZIP), fc.uint8Array({ maxLength: 500 }))
        .map(([head, tail]) => new Uint8Array([...head, ...tail])),
    ),
    fc.option(
      fc.oneof(
        fc.constantFrom(
          "anh.png",
          "don.pdf",
          "bang.xlsx",
          "macro.docm",
          "virus.exe",
          "anh.png.exe",
          "x.svg",
          "x.html",
          ".png",
          "con.png",
          "a/../../b.pdf",
        ),
        nastyString.map(encodeSegment),
        fc.constantFrom("%FF.png", "%ED%A0%80.pdf", "%", "%00.pdf", "a".repeat(5000)),
      ),
      { nil: undefined, freq: 8 },
    ),
    fc.constantFrom("application/octet-stream", "image/png", "application/pdf", "text/html", "multipart/form-data", ""),
  )
  .map(([bytes, name, type]) => ({
    body: { label: `upload ${bytes.byteLength} bytes as ${type || "(none)"}`, body: bytes, contentType: type },
    name,
  }));

const hugeUpload: fc.Arbitrary<{ body: WireBody; name: string | undefined }> = fc.constantFrom(
  {
    body: {
      label: "upload, lying content-length",
      body: new Uint8Array(PNG),
      contentType: "image/png",
      declaredLength: 50_000_000,
    },
    name: "anh.png",
  },
  {
    body: { label: "upload of 10 MB + 1", body: new Uint8Array(10 * 1024 * 1024 + 1), contentType: "application/pdf" },
    name: "lon.pdf",
  },
);

/** CSV texts for the import routes: injections, broken quoting, invalid bytes, many rows. */
const csvText: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc
    .array(
      fc.array(fc.oneof(nastyString, fc.constantFrom(...FORMULA_PAYLOADS, ...SQL_PAYLOADS, ...MARKUP_PAYLOADS)), {
        maxLength: 8,
      }),
      { maxLength: 20 },
    )
    .map((rows) => rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\r\n")),
  fc.constantFrom(
    "",
    "\ufeff",
    'a,b\n"unterminated',
    'ma_thu_tuc,ten_thu_tuc\n1.000001,=HYPERLINK("http://x")',
    `nationalCode,name,unitCode,processingTime\n${"1.0,x,y,z\n".repeat(5000)}`,
    ";;;\n;;;",
    "\u0000,\u0000",
  ),
  fc.uint8Array({ maxLength: 500 }),
);

function paramValue(name: string, known: Known): fc.Arbitrary<string> {
  const pool = known.byKey[name] ?? (/(^id$|Id$)/.test(name) ? known.ids : undefined);
  const hostile = hostileSegment;
  if (!pool?.length) return fc.oneof(hostile, fc.uuid());
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool).map(encodeSegment), weight: 6 },
    { arbitrary: hostile, weight: 3 },
    { arbitrary: fc.uuid(), weight: 1 },
  );
}

const STRAY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

export function inputsFor(
  route: FuzzRoute,
  known: Known,
  caseSecrets: Record<string, string>,
): fc.Arbitrary<FuzzInput> {
  const paramArbs = route.params.map((p) => paramValue(p, known));
  const pathArb = fc.tuple(...paramArbs).map((values) => {
    let i = 0;
    return route.path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?\??/g, () => values[i++] ?? "");
  });
  const querySchemaArb = route.schemas.query ? fromSchema(route.schemas.query, known) : undefined;
  const queryArb = fc.oneof(
    { arbitrary: queryFor(querySchemaArb, objectKeys(route.schemas.query)), weight: route.method === "GET" ? 6 : 1 },
    { arbitrary: fc.constant(""), weight: route.method === "GET" ? 1 : 6 },
  );

  const isUpload = /\/attachments$/.test(route.path) && route.method === "POST";
  const isCsvImport = /\/import$/.test(route.path) || /\/chunks$/.test(route.path);
  const jsonSchemaArb = route.schemas.json ? fromSchema(route.schemas.json, known) : undefined;
  let bodyArb: fc.Arbitrary<{ body?: WireBody; name?: string }>;
  if (route.method === "GET" || route.method === "HEAD") {
    bodyArb = fc.constant({});
  } else if (isUpload) {
    bodyArb = fc.oneof({ arbitrary: uploadBody, weight: 40 }, { arbitrary: hugeUpload, weight: 1 });
  } else {
    const json = wireBodyFor(jsonValueFor(jsonSchemaArb)).map((body) => ({ body }));
    const options: { arbitrary: fc.Arbitrary<{ body?: WireBody }>; weight: number }[] = [
      { arbitrary: json, weight: 60 },
      { arbitrary: oversizedBody.map((body) => ({ body })), weight: 1 },
    ];
    if (isCsvImport) {
      options.push(
        {
          arbitrary: csvText.map((t) => ({ body: { label: "csv", body: t, contentType: "text/csv; charset=utf-8" } })),
          weight: 15,
        },
        {
          arbitrary: csvText.map((t) => ({
            body: {
              label: "json {csv}",
              body: JSON.stringify({ csv: typeof t === "string" ? t : "" }),
              contentType: "application/json",
            },
          })),
          weight: 10,
        },
      );
    }
    if (route.method === "DELETE") options.push({ arbitrary: fc.constant({}), weight: 60 });
    bodyArb = fc.oneof(...options);
  }

  const authArb: fc.Arbitrary<AuthMode> =
    route.access === "public"
      ? fc.constant("good")
      : fc.oneof(
          { arbitrary: fc.constant<AuthMode>("good"), weight: 40 },
          { arbitrary: fc.constantFrom<AuthMode>("none", "bad-cookie", "bad-csrf", "foreign-origin"), weight: 2 },
        );
  const langArb = fc.option(fc.constantFrom("vi", "en", "en-US,en;q=0.5", "*", "xx", ";q=", "vi".repeat(500)), {
    nil: undefined,
    freq: 3,
  });
  const methodArb = fc.oneof(
    { arbitrary: fc.constant(route.method), weight: 60 },
    { arbitrary: fc.constantFrom(...STRAY_METHODS), weight: 1 },
  );
  const viaArb = fc.oneof(
    { arbitrary: fc.constant<"app">("app"), weight: 49 },
    { arbitrary: fc.constant<"fetch">("fetch"), weight: 1 },
  );
  const secretArb = fc.oneof(
    { arbitrary: fc.constant<string | null>(null), weight: 6 },
    { arbitrary: nastyString.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 500), weight: 1 },
  );

  return fc
    .record({
      path: pathArb,
      query: queryArb,
      body: bodyArb,
      auth: authArb,
      lang: langArb,
      method: methodArb,
      via: viaArb,
      secret: secretArb,
    })
    .map(({ path, query, body, auth, lang, method, via, secret }) => {
      const headers: Record<string, string> = {};
      if (lang !== undefined) headers["accept-language"] = lang;
      // A client address of its own: the abuse limits of one input never throttle the next.
      headers["cf-connecting-ip"] =
        `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;
      if (path.startsWith("/api/public/cases/")) {
        let code = "";
        try {
          code = decodeURIComponent(path.split("/")[4] ?? "");
        } catch {
          // a hostile segment: no secret for it
        }
        const s = secret ?? caseSecrets[code];
        if (s !== undefined) headers[CASE_SECRET_HEADER] = s;
      }
      if (isUpload && "name" in body && body.name !== undefined) headers[ATTACHMENT_NAME_HEADER] = body.name;
      return {
        method,
        url: query ? `${path}?${query}` : path,
        headers,
        body: body.body,
        auth,
        via,
      };
    });
}

export { OVERSIZED_BYTES };
