import { exports } from "cloudflare:workers";
import {
  ATTACHMENT_NAME_HEADER,
  CASE_SECRET_HEADER,
  CURRENT_CASE_CONSENT,
  type IntakeReceipt,
  IntakeReceiptSchema,
  type IntakeRequest,
} from "../../../schema/api/cases";
import type { NewAgency } from "../../../schema/db/database";
import type { Db } from "../../../worker/db";
import { BASE, createStaff, randomIp, type StaffClient, signInAs } from "./accounts-factories";
import { seedNationalCalendar } from "./calendar-factories";
import { createAgency, createCounter, createProcedure, createUnit, uniq } from "./factories";

/**
 * An agency set up for cases: an office, an inspectorate (complaints and denunciations go
 * there by the agency setting), the national deadline rules, and staff of each kind:
 * a manager of the whole agency, two inspectors of the inspectorate, an inspector of the
 * office, a viewer and the agency admin. Sign-ins happen when a test asks for a client.
 */
export async function createCasesWorld(db: Db, agencyOver: Partial<NewAgency> = {}) {
  await seedNationalCalendar(db);
  const code = `C${uniq()}`;
  const agency = await createAgency(db, {
    code,
    // jsonb: postgres.js serialises the object (the column type says string for writes).
    settings: {
      caseRouting: { complaint: { unitCode: `TT${code}` }, denunciation: { unitCode: `TT${code}` } },
      cases: { allowAnonymousPetitions: true },
    } as never,
    ...agencyOver,
  });
  const office = await createUnit(db, agency.id, { code: `VP${code}`, name: "Văn phòng Sở", kind: "office" });
  const inspectorate = await createUnit(db, agency.id, {
    code: `TT${code}`,
    name: "Thanh tra Sở",
    kind: "inspectorate",
  });
  const counter = await createCounter(db, agency.id, office.id);
  const procedure = await createProcedure(db, agency.id, office.id);
  const people = {
    manager: await createStaff(db, agency.id, { role: "manager", fullName: "Lãnh đạo Sở" }),
    inspector: await createStaff(db, agency.id, {
      role: "inspector",
      unitIds: [inspectorate.id],
      fullName: "Cán bộ Thanh tra A",
    }),
    otherInspector: await createStaff(db, agency.id, {
      role: "inspector",
      unitIds: [inspectorate.id],
      fullName: "Cán bộ Thanh tra B",
    }),
    officeInspector: await createStaff(db, agency.id, {
      role: "inspector",
      unitIds: [office.id],
      fullName: "Chuyên viên Văn phòng",
    }),
    viewer: await createStaff(db, agency.id, { role: "viewer", fullName: "Người xem" }),
    admin: await createStaff(db, agency.id, { role: "admin", fullName: "Quản trị" }),
    counterOfficer: await createStaff(db, agency.id, {
      role: "counter_officer",
      unitIds: [office.id],
      fullName: "Cán bộ một cửa",
    }),
  };
  const clients = new Map<string, StaffClient>();
  async function as(who: keyof typeof people): Promise<StaffClient> {
    let client = clients.get(who);
    if (!client) {
      client = await signInAs(people[who]);
      clients.set(who, client);
    }
    return client;
  }
  return { agency, office, inspectorate, counter, procedure, people, as };
}

export type CasesWorld = Awaited<ReturnType<typeof createCasesWorld>>;

/** A filer that only this test uses, so a leak of it is unmistakable. */
export function distinctiveFiler(tag = uniq()) {
  return {
    fullName: `Trần Thị Bímật ${tag}`,
    address: `Số ${tag.slice(0, 3)} đường Bảo Mật, phường Xuân Hương - Đà Lạt`,
    phone: `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    email: `nguoitocao.${tag}@example.test`,
    idNumber: String(Math.floor(Math.random() * 1e12)).padStart(12, "0"),
  };
}

export function intakeBody(
  world: Pick<CasesWorld, "agency">,
  kind: IntakeRequest["kind"],
  over: Partial<IntakeRequest> = {},
): IntakeRequest {
  const titles = {
    petition: "Đề nghị bố trí thêm ghế chờ tại khu vực một cửa",
    complaint: "Khiếu nại việc từ chối tiếp nhận hồ sơ công bố hợp quy",
    denunciation: "Tố cáo hành vi nhận tiền ngoài quy định của một công chức",
  } as const;
  return {
    agencyCode: world.agency.code,
    kind,
    title: titles[kind],
    content:
      "Nội dung chi tiết của đơn, nêu rõ sự việc, thời gian và địa điểm để cơ quan có căn cứ xem xét, giải quyết theo quy định.",
    filer: {
      fullName: "Nguyễn Văn Công Dân",
      address: "12 Trần Phú, phường Xuân Hương - Đà Lạt",
      phone: "0912 345 678",
      email: "congdan@example.test",
    },
    consent: { accepted: true, version: CURRENT_CASE_CONSENT },
    ...over,
  };
}

/** POST /api/public/cases from a client address of its own. */
export function postIntake(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/public/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": randomIp(), ...headers },
    body: JSON.stringify(body),
  });
}

/** Files a case and returns its receipt and row id; throws unless it is accepted. */
export async function fileCase(db: Db, body: IntakeRequest): Promise<IntakeReceipt & { id: string }> {
  const res = await postIntake(body);
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
  const receipt = IntakeReceiptSchema.parse(await res.json());
  // Codes are unique per agency only.
  const row = await db
    .selectFrom("cases")
    .innerJoin("agencies", "agencies.id", "cases.agency_id")
    .where("cases.code", "=", receipt.code)
    .where("agencies.code", "=", body.agencyCode)
    .select("cases.id")
    .executeTakeFirstOrThrow();
  return { ...receipt, id: row.id };
}

/** A citizen's request with the tracking secret. */
export function citizenFetch(
  path: string,
  secret: string,
  init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/public/cases${path}`, {
    method: init.method ?? "GET",
    headers: { [CASE_SECRET_HEADER]: secret, "cf-connecting-ip": randomIp(), ...init.headers },
    body: init.body,
  });
}

export function uploadAsCitizen(code: string, secret: string, name: string, bytes: Uint8Array): Promise<Response> {
  return citizenFetch(`/${code}/attachments`, secret, {
    method: "POST",
    body: bytes,
    headers: { [ATTACHMENT_NAME_HEADER]: encodeURIComponent(name), "content-type": "application/octet-stream" },
  });
}

/** The smallest valid PNG (1×1), and a tiny PDF: real magic bytes. */
export const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49,
  0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);
export const PDF_BYTES = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** A staff action on a case. */
export function act(client: StaffClient, caseId: string, body: Record<string, unknown>): Promise<Response> {
  return client.post(`/api/staff/cases/${caseId}/transitions`, body);
}

/** Takes a case through the steps up to `until` with the given clients; throws on any refusal. */
export async function advance(
  world: CasesWorld,
  caseId: string,
  until: "accepted" | "assigned" | "in_progress" | "answered",
  assignee: "inspector" | "officeInspector" = "inspector",
): Promise<void> {
  const manager = await world.as("manager");
  const steps: Array<[StaffClient, string, Record<string, unknown>]> = [[manager, "transitions", { action: "accept" }]];
  if (until !== "accepted") {
    steps.push([manager, "transitions", { action: "assign", staffIds: [world.people[assignee].id] }]);
  }
  if (until === "in_progress" || until === "answered") {
    steps.push([await world.as(assignee), "transitions", { action: "start" }]);
  }
  if (until === "answered") {
    steps.push([
      await world.as(assignee),
      "answer",
      {
        body: "Cơ quan đã xem xét và trả lời nội dung đơn như sau: đề nghị của Ông/Bà được chấp nhận.",
        documentNumber: "123/TB-SKHCN",
      },
    ]);
  }
  for (const [client, path, body] of steps) {
    const res = await client.post(`/api/staff/cases/${caseId}/${path}`, body);
    if (res.status !== 200)
      throw new Error(`${path} ${JSON.stringify(body)} answered ${res.status}: ${await res.text()}`);
  }
}
