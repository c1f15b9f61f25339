/**
 * Synthetic cases for the demo: ~25 petitions (phản ánh, kiến nghị), 6 complaints (khiếu nại) and
 * 3 denunciations (tố cáo) over the seeded period, in various states. Two complaints are due within
 * the next three days, one waits for acceptance with its deadline as close, and one is overdue,
 * so the deadline views have something to show on any day the demo is started.
 *
 * No identities are stored here (identity storage is a separate, access-controlled feature):
 * texts speak of "tôi", "doanh nghiệp chúng tôi", "một công chức". Denunciations are never
 * anonymous (the table's CHECK; Luật Tố cáo Art. 23), complaints neither (Luật Khiếu nại Art. 8).
 *
 * Deadlines (due_at = deadline of the current step; DOMAIN §4):
 * - petition: answer within 15 ngày làm việc (Cổng DVCQG practice, QĐ 766 spec) [I];
 * - complaint, before acceptance: 10 ngày làm việc (TT 07/2013/TT-TTCP), 07 ngày làm việc for
 *   complaints received from 01/7/2026 (ND 155/2026, unverified official copy) [S];
 *   after acceptance: 30 days from acceptance (Luật Khiếu nại Art. 28), rolled forward to a
 *   working day (BLDS Art. 148);
 * - denunciation: initial processing 07 ngày làm việc (Luật Tố cáo Art. 24), then resolution
 *   within 30 days of acceptance (Art. 30).
 */
import type { CaseKind, CaseStatus, NewCase } from "../../schema/db/database";
import {
  addWorkingDays,
  instantAt,
  isoToDay,
  isWorkingDay,
  localDay,
  OFFICE_CLOSE,
  rollForward,
  yyyymmdd,
} from "./calendar";
import { UNIT, type UnitCode } from "./demo-agency";
import type { SeedFile } from "./files";
import type { Rng } from "./random";

export interface CaseContext {
  agencyId: string;
  now: Date;
  firstDay: number;
  unitIds: Record<string, string>;
  files: readonly SeedFile[];
}

export type CaseRow = NewCase & { id: string; received_at: Date };

interface CaseText {
  title: string;
  content: string;
  unit: UnitCode;
  /** Link the case to a late file of this unit. */
  lateFileOf?: UnitCode;
}

const PETITIONS: readonly CaseText[] = [
  {
    title: "Đề nghị hướng dẫn thủ tục công bố hợp quy đồ chơi trẻ em nhập khẩu",
    content:
      "Doanh nghiệp chúng tôi lần đầu nhập khẩu đồ chơi trẻ em. Đề nghị Sở hướng dẫn cụ thể thành phần hồ sơ công bố hợp quy và thời gian tiếp nhận để chúng tôi chuẩn bị trước khi hàng về cảng.",
    unit: UNIT.standards,
  },
  {
    title: "Phản ánh hồ sơ khai báo thiết bị X-quang trả chậm so với giấy hẹn",
    content:
      "Phòng khám chúng tôi nộp hồ sơ khai báo thiết bị X-quang, giấy hẹn ghi rõ ngày trả kết quả nhưng đến hẹn vẫn chưa nhận được và không được thông báo lý do. Đề nghị Sở kiểm tra và trả lời.",
    unit: UNIT.sectoral,
    lateFileOf: UNIT.sectoral,
  },
  {
    title: "Kiến nghị bổ sung biểu mẫu điện tử trên Cổng dịch vụ công",
    content:
      "Một số thủ tục của Sở trên Cổng dịch vụ công chỉ có mẫu đơn dạng tệp để tải về, chưa có biểu mẫu điện tử điền trực tuyến. Kiến nghị Sở bổ sung để người dân không phải in, ký và quét lại.",
    unit: UNIT.office,
  },
  {
    title: "Phản ánh số điện thoại đường dây nóng của Sở không liên lạc được",
    content:
      "Tôi gọi số đường dây nóng công khai trên Cổng thông tin điện tử của Sở nhiều lần trong giờ hành chính nhưng không có người nghe máy. Đề nghị Sở kiểm tra lại số điện thoại và bố trí người trực.",
    unit: UNIT.office,
  },
  {
    title: "Đề nghị giải thích mức phí thẩm định cấp giấy phép tiến hành công việc bức xạ",
    content:
      "Cơ sở chúng tôi sử dụng hai thiết bị X-quang. Đề nghị Sở giải thích cách tính phí thẩm định khi đề nghị cấp giấy phép cho nhiều thiết bị cùng lúc và căn cứ áp dụng.",
    unit: UNIT.sectoral,
  },
  {
    title: "Phản ánh việc yêu cầu bổ sung hồ sơ công bố hợp quy nhiều lần",
    content:
      "Hồ sơ công bố hợp quy của doanh nghiệp chúng tôi bị yêu cầu bổ sung hai lần, mỗi lần một nội dung khác nhau. Theo quy định chỉ được yêu cầu bổ sung một lần. Đề nghị Sở xem xét, chấn chỉnh.",
    unit: UNIT.standards,
    lateFileOf: UNIT.standards,
  },
  {
    title: "Kiến nghị tiếp nhận hồ sơ vào buổi trưa",
    content:
      "Nhiều doanh nghiệp ở xa phải đến Trung tâm Phục vụ hành chính công vào buổi trưa. Kiến nghị bố trí cán bộ trực tiếp nhận hồ sơ trong giờ nghỉ trưa ít nhất một quầy.",
    unit: UNIT.oneStop,
  },
  {
    title: "Đề nghị cung cấp thông tin chương trình hỗ trợ doanh nghiệp đổi mới công nghệ",
    content:
      "Doanh nghiệp chế biến nông sản của chúng tôi muốn đầu tư dây chuyền sấy mới. Đề nghị Sở cung cấp thông tin về chương trình hỗ trợ đổi mới công nghệ của tỉnh, điều kiện và thời hạn nộp hồ sơ.",
    unit: UNIT.sectoral,
  },
  {
    title: "Phản ánh cân tại chợ có dấu hiệu sai lệch",
    content:
      "Tôi mua hàng tại một chợ trong tỉnh, cân lại tại nhà thấy thiếu khoảng 100 gam trên mỗi kilôgam. Đề nghị cơ quan quản lý đo lường kiểm tra các cân đang sử dụng tại chợ.",
    unit: UNIT.standards,
  },
  {
    title: "Phản ánh cột đo xăng dầu bơm thiếu",
    content:
      "Tôi đổ xăng tại một cửa hàng ven quốc lộ 20, lượng xăng thực tế có dấu hiệu ít hơn số hiển thị trên cột đo. Đề nghị cơ quan chức năng kiểm tra việc kiểm định cột đo xăng dầu tại cửa hàng này.",
    unit: UNIT.standards,
  },
  {
    title: "Kiến nghị đơn giản hóa hồ sơ đăng ký kết quả nhiệm vụ khoa học và công nghệ",
    content:
      "Hồ sơ đăng ký kết quả nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước yêu cầu nhiều bản sao giấy tờ đã có trong cơ sở dữ liệu. Kiến nghị Sở rà soát, cắt giảm thành phần hồ sơ.",
    unit: UNIT.science,
  },
  {
    title: "Đề nghị hướng dẫn thủ tục công nhận trung tâm hỗ trợ khởi nghiệp sáng tạo",
    content:
      "Đơn vị chúng tôi đang vận hành một không gian hỗ trợ khởi nghiệp. Đề nghị Sở hướng dẫn điều kiện, hồ sơ và quy trình công nhận trung tâm hỗ trợ khởi nghiệp sáng tạo cấp tỉnh.",
    unit: UNIT.science,
  },
  {
    title: "Phản ánh thái độ của cán bộ tại quầy tiếp nhận hồ sơ",
    content:
      "Khi nộp hồ sơ, tôi hỏi thêm về thành phần hồ sơ thì cán bộ tại quầy trả lời thiếu nhiệt tình và yêu cầu tự tìm trên mạng. Đề nghị Sở nhắc nhở, nâng cao tinh thần phục vụ.",
    unit: UNIT.oneStop,
  },
  {
    title: "Đề nghị công khai kết quả giải quyết hồ sơ trên Cổng thông tin điện tử",
    content:
      "Đề nghị Sở công khai định kỳ số hồ sơ tiếp nhận, số hồ sơ trả đúng hạn, trễ hạn và tỷ lệ hài lòng trên Cổng thông tin điện tử để người dân theo dõi.",
    unit: UNIT.office,
  },
  {
    title: "Kiến nghị về thời hạn kiểm tra chất lượng hàng hóa nhập khẩu",
    content:
      "Thời gian chờ thông báo kết quả kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu kéo dài làm phát sinh chi phí lưu kho. Kiến nghị Sở rút ngắn thời gian và cho phép nộp hồ sơ trực tuyến toàn trình.",
    unit: UNIT.standards,
    lateFileOf: UNIT.standards,
  },
  {
    title: "Đề nghị hướng dẫn đăng ký chuyển giao công nghệ sấy nông sản",
    content:
      "Hợp tác xã chúng tôi nhận chuyển giao công nghệ sấy lạnh từ một doanh nghiệp trong nước. Đề nghị Sở hướng dẫn trường hợp nào phải đăng ký chuyển giao công nghệ và hồ sơ cần chuẩn bị.",
    unit: UNIT.sectoral,
  },
  {
    title: "Phản ánh tin nhắn thông báo kết quả hồ sơ gửi nhầm số điện thoại",
    content:
      "Tôi nhận được tin nhắn thông báo kết quả giải quyết một hồ sơ không phải của mình. Đề nghị Sở kiểm tra lại việc nhập thông tin liên hệ để tránh lộ thông tin của người khác.",
    unit: UNIT.oneStop,
  },
  {
    title: "Đề nghị tổ chức tập huấn an toàn bức xạ cho phòng khám tư nhân",
    content:
      "Nhiều phòng khám tư nhân chưa nắm rõ quy định về an toàn bức xạ và khai báo thiết bị. Đề nghị Sở tổ chức lớp tập huấn, hướng dẫn cho người phụ trách an toàn tại các cơ sở.",
    unit: UNIT.sectoral,
  },
  {
    title: "Kiến nghị về ghi nhãn hàng đóng gói sẵn đối với cà phê rang xay",
    content:
      "Đề nghị Sở hướng dẫn cách ghi lượng danh định và sử dụng dấu định lượng trên nhãn cà phê rang xay đóng gói sẵn để các cơ sở sản xuất nhỏ thực hiện đúng quy định.",
    unit: UNIT.standards,
  },
  {
    title: "Đề nghị hỗ trợ đăng ký nhãn hiệu chứng nhận cho sản phẩm đặc sản địa phương",
    content:
      "Hội sản xuất của chúng tôi muốn xây dựng nhãn hiệu chứng nhận cho sản phẩm đặc sản của địa phương. Đề nghị Sở hướng dẫn và cho biết các chính sách hỗ trợ về sở hữu trí tuệ hiện hành.",
    unit: UNIT.sectoral,
  },
  {
    title: "Phản ánh máy tra cứu tại khu vực một cửa thường xuyên bị lỗi",
    content:
      "Máy tra cứu thông tin thủ tục hành chính đặt tại khu vực của Sở ở Trung tâm Phục vụ hành chính công thường xuyên bị treo, không tra cứu được. Đề nghị sửa chữa hoặc thay thế.",
    unit: UNIT.oneStop,
  },
  {
    title: "Đề nghị cho phép thanh toán trực tuyến lệ phí cấp chứng chỉ nhân viên bức xạ",
    content:
      "Khi nộp hồ sơ cấp chứng chỉ nhân viên bức xạ trực tuyến, tôi vẫn phải đến quầy để nộp lệ phí. Đề nghị Sở tích hợp thanh toán trực tuyến cho thủ tục này.",
    unit: UNIT.sectoral,
  },
  {
    title: "Hỏi về việc cấp lại Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ bị mất",
    content:
      "Tổ chức chúng tôi làm mất bản chính Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ. Đề nghị Sở hướng dẫn thủ tục cấp lại và thời gian giải quyết.",
    unit: UNIT.science,
  },
  {
    title: "Phản ánh đồng hồ đo nước chưa được kiểm định định kỳ",
    content:
      "Đồng hồ đo nước tại khu dân cư nơi tôi ở đã lâu không thấy tem kiểm định còn hiệu lực. Đề nghị cơ quan quản lý đo lường kiểm tra việc kiểm định định kỳ của đơn vị cấp nước.",
    unit: UNIT.standards,
  },
  {
    title: "Đề nghị hướng dẫn hồ sơ đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027",
    content:
      "Trường chúng tôi dự kiến đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027. Đề nghị Sở cho biết thời hạn nhận đề xuất, mẫu phiếu và các lĩnh vực ưu tiên của tỉnh.",
    unit: UNIT.science,
  },
];

const COMPLAINTS: readonly CaseText[] = [
  {
    title: "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực đo lường",
    content:
      "Doanh nghiệp chúng tôi khiếu nại quyết định xử phạt vi phạm hành chính về đo lường vì cho rằng phương tiện đo đã được kiểm định trong thời hạn, biên bản kiểm tra chưa ghi nhận đầy đủ giải trình của cơ sở.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Khiếu nại việc từ chối cấp giấy phép tiến hành công việc bức xạ",
    content:
      "Cơ sở chúng tôi khiếu nại văn bản từ chối cấp giấy phép tiến hành công việc bức xạ, vì đã bổ sung đầy đủ kết quả kiểm xạ và chứng chỉ của người phụ trách an toàn theo yêu cầu.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Khiếu nại kết quả kiểm tra nhà nước về chất lượng lô thép nhập khẩu",
    content:
      "Doanh nghiệp chúng tôi không đồng ý với thông báo kết quả kiểm tra nhà nước về chất lượng lô thép nhập khẩu và đề nghị xem xét lại căn cứ đánh giá, kết quả thử nghiệm được sử dụng.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Khiếu nại việc không công nhận kết quả nhiệm vụ khoa học và công nghệ",
    content:
      "Tổ chức chủ trì khiếu nại quyết định không công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ, vì cho rằng hội đồng đánh giá chưa xem xét các sản phẩm đã được bổ sung sau phiên họp thứ nhất.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Khiếu nại hành vi chậm trả kết quả hồ sơ công bố hợp quy",
    content:
      "Doanh nghiệp chúng tôi khiếu nại hành vi hành chính chậm trả kết quả hồ sơ công bố hợp quy so với giấy hẹn mà không có văn bản xin lỗi, hẹn lại ngày trả kết quả theo quy định.",
    unit: UNIT.inspectorate,
    lateFileOf: UNIT.standards,
  },
  {
    title: "Khiếu nại quyết định thu hồi Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
    content:
      "Tổ chức chúng tôi khiếu nại quyết định thu hồi Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ, vì việc chậm báo cáo hoạt động hằng năm đã được khắc phục trước khi có quyết định.",
    unit: UNIT.inspectorate,
  },
];

const DENUNCIATIONS: readonly CaseText[] = [
  {
    title: "Tố cáo hành vi sách nhiễu khi tiếp nhận hồ sơ khai báo thiết bị X-quang",
    content:
      "Tôi tố cáo một công chức tiếp nhận hồ sơ khai báo thiết bị X-quang đã gợi ý cơ sở sử dụng dịch vụ của một đơn vị tư vấn quen biết để hồ sơ được giải quyết nhanh, nếu không sẽ bị kéo dài.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Tố cáo việc bao che gian lận đo lường tại cửa hàng xăng dầu",
    content:
      "Tôi tố cáo việc một công chức làm nhiệm vụ kiểm tra đo lường đã không lập biên bản đối với cửa hàng xăng dầu có cột đo bị can thiệp, dù người dân đã phản ánh nhiều lần.",
    unit: UNIT.inspectorate,
  },
  {
    title: "Tố cáo công chức nhận tiền để bỏ qua vi phạm về nhãn hàng hóa",
    content:
      "Tôi tố cáo việc trong đợt kiểm tra nhãn hàng hóa tại một số cơ sở sản xuất, một công chức đã nhận tiền để không xử lý các vi phạm về ghi nhãn. Tôi có thể cung cấp thêm thông tin khi được yêu cầu.",
    unit: UNIT.inspectorate,
  },
];

const PREFIX: Record<CaseKind, string> = { petition: "PAKN", complaint: "KN", denunciation: "TC" };

/** ND 155/2026 shortened the time to accept a first complaint from 01/7/2026 [S]. */
const ND_155_EFFECTIVE = isoToDay("2026-07-01");
function acceptanceWorkingDays(receivedDay: number): number {
  return receivedDay >= ND_155_EFFECTIVE ? 7 : 10;
}

function closeOf(day: number): Date {
  return instantAt(day, OFFICE_CLOSE);
}

/** The working day `n` working days before `day`. */
function subtractWorkingDays(day: number, n: number): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d--;
    if (isWorkingDay(d)) left--;
  }
  return d;
}

function previousWorkingDay(day: number): number {
  let d = day;
  while (!isWorkingDay(d)) d--;
  return d;
}

export function generateCases(rng: Rng, ctx: CaseContext): CaseRow[] {
  const nowDay = localDay(ctx.now);
  const rows: CaseRow[] = [];
  const seqByDay = new Map<string, number>();
  const lateFiles = ctx.files.filter((f) => f.late);
  const usedFiles = new Set<string>();

  const lateFileFor = (unit: UnitCode | undefined, before: Date): SeedFile | undefined => {
    if (!unit) return undefined;
    const candidates = lateFiles.filter(
      (f) => f.procedure.unit === unit && f.row.due_at < before && !usedFiles.has(f.row.id),
    );
    if (candidates.length === 0) return undefined;
    const f = candidates[candidates.length - 1]!;
    usedFiles.add(f.row.id);
    return f;
  };

  const push = (
    kind: CaseKind,
    text: CaseText,
    received: Date,
    status: CaseStatus,
    due: Date | null,
    closed: Date | null,
    anonymous = false,
  ): void => {
    // Short periods (a few days) squeeze the story: keep every closing after receipt and before now.
    if (closed && closed > ctx.now) closed = new Date(ctx.now.getTime() - 60000);
    if (closed && closed <= received) closed = new Date(received.getTime() + 60 * 60000);
    const day = localDay(received);
    const key = `${kind}:${day}`;
    const seq = (seqByDay.get(key) ?? 0) + 1;
    seqByDay.set(key, seq);
    const file = lateFileFor(text.lateFileOf, received);
    const handling = status === "received" && kind === "petition" ? UNIT.office : text.unit;
    rows.push({
      id: rng.uuid(),
      agency_id: ctx.agencyId,
      code: `${PREFIX[kind]}.${yyyymmdd(day)}.${String(seq).padStart(4, "0")}`,
      kind,
      status,
      title: text.title,
      content: text.content,
      handling_unit_id: ctx.unitIds[handling]!,
      file_id: file?.row.id ?? null,
      procedure_id: file?.procedure.id ?? null,
      anonymous,
      received_at: received,
      due_at: due,
      closed_at: closed,
      created_at: received,
      updated_at: closed ?? received,
    });
  };

  /** A receipt time on `day` (rolled back to a working day), never after now. */
  const receivedOn = (day: number): Date => {
    const d = previousWorkingDay(Math.min(day, nowDay));
    const at = instantAt(d, rng.int(7 * 60 + 40, 16 * 60 + 30));
    return at > ctx.now ? new Date(ctx.now.getTime() - rng.int(10, 90) * 60000) : at;
  };

  // Petitions, spread over the period; their state follows their age.
  const span = Math.max(1, nowDay - ctx.firstDay);
  PETITIONS.forEach((text, i) => {
    const day = ctx.firstDay + Math.floor(((i + rng.next()) * span) / PETITIONS.length);
    const received = receivedOn(day);
    const rday = localDay(received);
    const due = closeOf(addWorkingDays(rday, 15));
    const age = nowDay - rday;
    let status: CaseStatus;
    let closed: Date | null = null;
    if (age > 24) {
      status = rng.weighted([
        ["published", 60],
        ["closed", 15],
        ["answered", 8],
        ["forwarded", 9],
        ["rejected", 8],
      ] as const);
    } else if (age > 7) {
      status = rng.weighted([
        ["answered", 40],
        ["published", 20],
        ["in_progress", 30],
        ["assigned", 10],
      ] as const);
    } else {
      status = rng.weighted([
        ["received", 50],
        ["assigned", 50],
      ] as const);
    }
    if (status === "published" || status === "closed" || status === "forwarded" || status === "rejected") {
      const doneDay = addWorkingDays(
        rday,
        status === "forwarded" || status === "rejected" ? rng.int(2, 5) : rng.int(6, 16),
      );
      closed = instantAt(Math.min(doneDay, nowDay), rng.int(8 * 60, 16 * 60));
      if (closed > ctx.now) closed = new Date(ctx.now.getTime() - 60000);
    }
    push("petition", text, received, status, due, closed, rng.chance(0.2));
  });

  // Complaints: two closed, two due within three days, one awaiting acceptance, one overdue.
  const within3Days = (): number => {
    for (const k of [1, 2, 0, 3]) {
      const day = rollForward(nowDay + k);
      const due = closeOf(day);
      if (due > ctx.now && due.getTime() - ctx.now.getTime() <= 3 * 24 * 3600 * 1000) return day;
    }
    return nowDay + 1;
  };
  const complaint = (i: number) => COMPLAINTS[i]!;

  {
    // Resolved: accepted within the time limit, decided before the 30-day deadline.
    const received = receivedOn(ctx.firstDay + 4);
    const accepted = addWorkingDays(localDay(received), rng.int(3, 6));
    const due = closeOf(rollForward(accepted + 30));
    push("complaint", complaint(0), received, "closed", due, closeOf(Math.min(accepted + rng.int(20, 28), nowDay - 1)));
  }
  {
    // Not accepted: filed after the 90-day limit (Luật Khiếu nại Art. 9); answered in writing.
    const received = receivedOn(ctx.firstDay + 21);
    const rday = localDay(received);
    const due = closeOf(addWorkingDays(rday, acceptanceWorkingDays(rday)));
    push("complaint", complaint(1), received, "rejected", due, closeOf(Math.min(addWorkingDays(rday, 5), nowDay)));
  }
  {
    // In progress, decision due within three days.
    const dueDay = within3Days();
    const accepted = previousWorkingDay(dueDay - 30);
    const received = receivedOn(subtractWorkingDays(accepted, rng.int(3, 6)));
    push("complaint", complaint(2), received, "in_progress", closeOf(dueDay), null);
  }
  {
    // Accepted, due within three days as well (a day later when possible).
    const first = within3Days();
    const later = rollForward(first + 1);
    const dueDay = closeOf(later).getTime() - ctx.now.getTime() <= 3 * 24 * 3600 * 1000 ? later : first;
    const accepted = previousWorkingDay(dueDay - 30);
    const received = receivedOn(subtractWorkingDays(accepted, rng.int(2, 5)));
    push("complaint", complaint(3), received, "accepted", closeOf(dueDay), null);
  }
  {
    // Waiting for acceptance; the acceptance deadline falls within three days.
    const dueDay = within3Days();
    let rday = subtractWorkingDays(dueDay, 7);
    if (acceptanceWorkingDays(rday) !== 7) rday = subtractWorkingDays(dueDay, 10);
    const received = receivedOn(rday);
    push("complaint", complaint(4), received, "received", closeOf(dueDay), null);
  }
  {
    // Overdue: the 30-day decision deadline passed two working days ago.
    const dueDay = subtractWorkingDays(nowDay, 2);
    const accepted = previousWorkingDay(dueDay - 30);
    const received = receivedOn(subtractWorkingDays(accepted, rng.int(4, 8)));
    push("complaint", complaint(5), received, "in_progress", closeOf(dueDay), null);
  }

  // Denunciations: one resolved, one being verified, one in initial processing.
  {
    const received = receivedOn(ctx.firstDay + 10);
    const accepted = addWorkingDays(localDay(received), 7);
    push(
      "denunciation",
      DENUNCIATIONS[0]!,
      received,
      "closed",
      closeOf(rollForward(accepted + 30)),
      closeOf(Math.min(accepted + rng.int(22, 29), nowDay - 1)),
    );
  }
  {
    const received = receivedOn(nowDay - 24);
    const accepted = addWorkingDays(localDay(received), 6);
    push("denunciation", DENUNCIATIONS[1]!, received, "in_progress", closeOf(rollForward(accepted + 30)), null);
  }
  {
    const received = receivedOn(nowDay - 2);
    push("denunciation", DENUNCIATIONS[2]!, received, "received", closeOf(addWorkingDays(localDay(received), 7)), null);
  }

  return rows.sort((a, b) => a.received_at.getTime() - b.received_at.getTime());
}
