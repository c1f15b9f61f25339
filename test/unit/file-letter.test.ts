import { describe, expect, it } from "vitest";
import { type ApologyLetter, LETTER_FORMS } from "../../schema/api/files";
import { splitCsv } from "../../web/pages/files/csv-chunks";
import { letterContent, moment } from "../../web/pages/files/letter-content";

const letter: ApologyLetter = {
  id: "00000000-0000-4000-8000-000000000001",
  fileId: "00000000-0000-4000-8000-000000000002",
  form: "tt01_2018",
  title: LETTER_FORMS.tt01_2018.title,
  formLabel: LETTER_FORMS.tt01_2018.label,
  number: 7,
  year: 2026,
  numberText: "7/PXL",
  issuedAt: "2026-11-20T02:00:00.000Z",
  place: "Lâm Đồng",
  parentAgencyName: "UBND tỉnh Lâm Đồng",
  agencyName: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
  addresseeName: "Nguyễn Thị Ánh Tuyết",
  addresseeAddress: null,
  applicantIdentifier: null,
  fileCode: "000.00.15.H68-261102-0007",
  procedureName: "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
  receivedAt: "2026-11-02T01:15:00.000Z",
  originalDueAt: "2026-11-09T10:00:00.000Z",
  reason: "Chờ kết quả kiểm nghiệm mẫu.",
  newDueAt: "2026-11-27T10:00:00.000Z",
  signerTitle: "GIÁM ĐỐC",
  signerName: "Nguyễn Văn Thành",
  deliveries: [],
};

describe("the apology letter's words (TT 01/2018 Mẫu 04, TT 03/2025 Mẫu 04)", () => {
  it("writes every field of the form: header, number, place and date, addressee, file, dates, reason, apology, signer", () => {
    const c = letterContent(letter);
    expect(c.header).toEqual({
      parent: "UBND TỈNH LÂM ĐỒNG",
      agency: "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH LÂM ĐỒNG",
      number: "Số: 7/PXL",
      placeDate: "Lâm Đồng, ngày 20 tháng 11 năm 2026",
    });
    expect(c.title).toBe("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
    const body = c.paragraphs.map((p) => `${p.label ?? ""} ${p.text}`).join("\n");
    expect(body).toContain("Ngày 02 tháng 11 năm 2026, Sở Khoa học và Công nghệ tỉnh Lâm Đồng tiếp nhận");
    expect(body).toContain("Mã hồ sơ: 000.00.15.H68-261102-0007");
    expect(body).toContain("Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09 tháng 11 năm 2026.");
    expect(body).toContain("Lý do: Chờ kết quả kiểm nghiệm mẫu.");
    expect(body).toContain(
      "xin lỗi Ông/Bà/tổ chức và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà/tổ chức vào 17 giờ 00 phút, ngày 27 tháng 11 năm 2026.",
    );
    expect(body).not.toContain("đề nghị gia hạn");
    expect([c.signerTitle, c.signerNote, c.signerName]).toEqual([
      "GIÁM ĐỐC",
      "(Ký và ghi rõ họ tên)",
      "Nguyễn Văn Thành",
    ]);
  });

  it("asks for the extension in the TT 03/2025 form, and prints the identifier it has", () => {
    const c = letterContent({ ...letter, form: "tt03_2025", applicantIdentifier: "068190001234" });
    const body = c.paragraphs.map((p) => `${p.label ?? ""} ${p.text}`).join("\n");
    expect(body).toContain("đề nghị gia hạn thời gian giải quyết");
    expect(body).toContain("Số định danh: 068190001234");
  });

  it("writes moments in Vietnam time whatever the device's zone", () => {
    expect(moment("2026-11-09T16:30:00.000Z")).toBe("23 giờ 30 phút, ngày 09 tháng 11 năm 2026");
    expect(moment("2026-12-31T17:05:00.000Z")).toBe("00 giờ 05 phút, ngày 01 tháng 01 năm 2027");
  });
});

describe("splitting a CSV for the import's progress bar", () => {
  it("keeps the file's line numbers and never cuts a record with a line break inside quotes", () => {
    const text = '\uFEFFMã hồ sơ,Người nộp\r\nA-1,"Nguyễn\r\nVăn A"\r\n\r\nA-2,Trần B\r\nA-3,Lê C\r\n';
    const split = splitCsv(text, 2);
    expect(split.header).toBe("Mã hồ sơ,Người nộp");
    expect(split.rows).toBe(3);
    expect(split.chunks.map((c) => [c.firstLine, c.rows])).toEqual([
      [2, 2],
      [6, 1],
    ]);
    expect(split.chunks[0]?.csv).toBe('A-1,"Nguyễn\r\nVăn A"\r\n\r\nA-2,Trần B');
    expect(split.chunks[1]?.csv).toBe("A-3,Lê C");
  });

  it("answers an empty file with no header and no chunk", () => {
    expect(splitCsv("\n\n")).toEqual({ header: "", chunks: [], rows: 0 });
  });
});
