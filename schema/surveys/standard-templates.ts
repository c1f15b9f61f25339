/**
 * The two standard surveys an agency starts from (pure data; imports nothing). The seed creates
 * both as version 1 for the demo agency; an agency edits its own copy later, as new versions.
 *
 * HOW SCORES ARE STORED (read by the rating, dashboard and report work):
 * - `answers.score` and `submissions.overall_score` hold the level's position on the template's
 *   OWN scale, 1 = lowest (same convention as `schema/surveys/scales.ts`):
 *     5 levels (SIPAS): 1 Rất không hài lòng, 2 Không hài lòng, 3 Bình thường, 4 Hài lòng,
 *       5 Rất hài lòng;
 *     3 levels (quick counter form): 1 Không hài lòng, 2 Hài lòng, 3 Rất hài lòng.
 * - "Satisfied" is the top two levels of either scale (top-2-box): score ≥ levels − 1, i.e.
 *   ≥ 4 of 5 or ≥ 2 of 3 (DOMAIN §1.4, §10). The satisfaction rate is satisfied / valid answers.
 * - Where a mean on one common scale is wanted (e.g. comparing counters that use different forms),
 *   map the 3 levels onto the 5-level scale by wording with `QUICK_TO_FIVE_POINT`:
 *   Không hài lòng → 2, Hài lòng → 4, Rất hài lòng → 5. Do not store mapped values.
 * - For the quick form, `overall_score` repeats the answer to "Đánh giá tổng thể dịch vụ"; for
 *   SIPAS it is the answer to `overallQuestion` (satisfaction with the service overall).
 *
 * Confidence: the SIPAS structure (5 elements, 22 criteria, 5-level scale, an expectations
 * question) is [S]; the exact criterion wording is [U] beyond the items DOMAIN §0.3 verified
 * (QĐ 2640/QĐ-BNV's annex was not retrieved; QĐ 1001/QĐ-BNV 2023–2026 changed the instrument).
 * The quick form's indicators follow ND 61/2018 as amended by ND 107/2021 and TT 01/2018/TT-VPCP
 * as implemented by provincial one-stop software [I]; whether ND 118/2025 kept them is [U].
 * All wording is therefore data the agency can edit.
 */

export interface TemplateScaleLevel {
  score: number;
  label: string;
  labelEn: string;
}

export interface TemplateCriterion {
  code: string;
  text: string;
  textEn: string;
  required: boolean;
  /**
   * The ND 118/2025 Art. 33(1) content (a–i) this item feeds, for export to the national portal
   * (a time vs rule; b bodies contacted; c number of contacts; d public TTHC information;
   * đ staff attitude; e lawful result and cost; g answers to PAKN; h online service; i other).
   * The mapping is the product's reading [U].
   */
  nd118Content?: "a" | "b" | "c" | "d" | "đ" | "e" | "g" | "h" | "i";
}

export interface TemplateElement {
  code: string;
  name: string;
  nameEn: string;
  criteria: readonly TemplateCriterion[];
}

export interface TemplateChoice {
  code: string;
  label: string;
  labelEn: string;
}

export interface StandardTemplate {
  code: string;
  version: number;
  kind: "sipas" | "quick";
  name: string;
  nameEn: string;
  scaleLevels: 3 | 5;
  scale: readonly TemplateScaleLevel[];
  elements: readonly TemplateElement[];
  /** The overall satisfaction question stored in `submissions.overall_score`. */
  overallQuestion: { text: string; textEn: string; criterionCode?: string };
  /** SIPAS "sự mong đợi": what the respondent wants improved, reported as % of respondents. */
  expectations?: { question: string; questionEn: string; maxChoices: number; options: readonly TemplateChoice[] };
  /** Legal or practical basis shown to administrators. */
  basis: string;
}

export const FIVE_LEVEL_SCALE: readonly TemplateScaleLevel[] = [
  { score: 1, label: "Rất không hài lòng", labelEn: "Very dissatisfied" },
  { score: 2, label: "Không hài lòng", labelEn: "Dissatisfied" },
  { score: 3, label: "Bình thường", labelEn: "Neutral" },
  { score: 4, label: "Hài lòng", labelEn: "Satisfied" },
  { score: 5, label: "Rất hài lòng", labelEn: "Very satisfied" },
];

export const THREE_LEVEL_SCALE: readonly TemplateScaleLevel[] = [
  { score: 1, label: "Không hài lòng", labelEn: "Dissatisfied" },
  { score: 2, label: "Hài lòng", labelEn: "Satisfied" },
  { score: 3, label: "Rất hài lòng", labelEn: "Very satisfied" },
];

/** Lowest stored score that counts as satisfied (top-2-box), by number of levels. */
export const SATISFIED_MIN_SCORE: Readonly<Record<3 | 5, number>> = { 3: 2, 5: 4 };

/** Quick-form level → the 5-level score with the same wording, for means on one scale. */
export const QUICK_TO_FIVE_POINT: Readonly<Record<1 | 2 | 3, number>> = { 1: 2, 2: 4, 3: 5 };

/**
 * SIPAS survey in the QĐ 2640/QĐ-BNV model: 5 elements (yếu tố), 22 criteria (tiêu chí,
 * 4 + 5 + 6 + 3 + 4), each rated on the 5-level scale, plus overall satisfaction and an
 * expectations question. Element 5 applies only to respondents who gave feedback: not required.
 */
export const SIPAS_TEMPLATE: StandardTemplate = {
  code: "sipas",
  version: 1,
  kind: "sipas",
  name: "Khảo sát mức độ hài lòng của người dân, tổ chức (SIPAS)",
  nameEn: "Citizen and organisation satisfaction survey (SIPAS)",
  scaleLevels: 5,
  scale: FIVE_LEVEL_SCALE,
  basis:
    "Mô hình đo lường theo QĐ 2640/QĐ-BNV (2017) và QĐ 1001/QĐ-BNV (2023); nội dung tiêu chí do cơ quan điều chỉnh.",
  elements: [
    {
      code: "e1",
      name: "Tiếp cận dịch vụ hành chính công của cơ quan hành chính nhà nước",
      nameEn: "Access to the agency's public administrative services",
      criteria: [
        {
          code: "e1c1",
          text: "Nơi ngồi chờ giải quyết công việc có đủ chỗ ngồi.",
          textEn: "The waiting area has enough seats.",
          required: true,
        },
        {
          code: "e1c2",
          text: "Trang thiết bị phục vụ người dân, tổ chức tại nơi giải quyết công việc đầy đủ.",
          textEn: "Equipment serving citizens and organisations at the service point is adequate.",
          required: true,
        },
        {
          code: "e1c3",
          text: "Trang thiết bị phục vụ người dân, tổ chức tại nơi giải quyết công việc hiện đại.",
          textEn: "Equipment serving citizens and organisations at the service point is modern.",
          required: true,
        },
        {
          code: "e1c4",
          text: "Trang thiết bị phục vụ người dân, tổ chức tại nơi giải quyết công việc dễ sử dụng.",
          textEn: "Equipment serving citizens and organisations at the service point is easy to use.",
          required: true,
        },
      ],
    },
    {
      code: "e2",
      name: "Thủ tục hành chính",
      nameEn: "Administrative procedures",
      criteria: [
        {
          code: "e2c1",
          text: "Thủ tục hành chính được niêm yết công khai đầy đủ.",
          textEn: "The administrative procedure is posted publicly and completely.",
          required: true,
        },
        {
          code: "e2c2",
          text: "Thủ tục hành chính được niêm yết công khai chính xác.",
          textEn: "The administrative procedure is posted publicly and accurately.",
          required: true,
        },
        {
          code: "e2c3",
          text: "Thành phần hồ sơ mà Ông/Bà phải nộp là đúng quy định.",
          textEn: "The documents you had to submit were those the rules require.",
          required: true,
        },
        {
          code: "e2c4",
          text: "Phí, lệ phí mà Ông/Bà phải nộp là đúng quy định.",
          textEn: "The fees and charges you paid were those the rules set.",
          required: true,
        },
        {
          code: "e2c5",
          text: "Thời hạn giải quyết (tính từ ngày hồ sơ được tiếp nhận đến ngày trả kết quả) là đúng quy định.",
          textEn: "The processing time (from receipt of the file to the return of the result) met the rules.",
          required: true,
        },
      ],
    },
    {
      code: "e3",
      name: "Công chức trực tiếp giải quyết công việc",
      nameEn: "The civil servants who handled the matter",
      criteria: [
        {
          code: "e3c1",
          text: "Công chức có thái độ giao tiếp lịch sự.",
          textEn: "The civil servant communicated politely.",
          required: true,
        },
        {
          code: "e3c2",
          text: "Công chức chú ý lắng nghe ý kiến của Ông/Bà.",
          textEn: "The civil servant listened attentively to you.",
          required: true,
        },
        {
          code: "e3c3",
          text: "Công chức trả lời, giải thích đầy đủ các ý kiến của Ông/Bà.",
          textEn: "The civil servant answered and explained all your questions fully.",
          required: true,
        },
        {
          code: "e3c4",
          text: "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo.",
          textEn: "The civil servant guided you through the forms attentively and thoroughly.",
          required: true,
        },
        {
          code: "e3c5",
          text: "Công chức hướng dẫn kê khai hồ sơ dễ hiểu.",
          textEn: "The civil servant's guidance on the forms was easy to understand.",
          required: true,
        },
        {
          code: "e3c6",
          text: "Công chức tuân thủ đúng quy định trong giải quyết công việc.",
          textEn: "The civil servant followed the rules in handling the matter.",
          required: true,
        },
      ],
    },
    {
      code: "e4",
      name: "Kết quả cung ứng dịch vụ hành chính công",
      nameEn: "The result of the public administrative service",
      criteria: [
        {
          code: "e4c1",
          text: "Kết quả mà Ông/Bà nhận được là đúng quy định.",
          textEn: "The result you received complies with the rules.",
          required: true,
        },
        {
          code: "e4c2",
          text: "Kết quả mà Ông/Bà nhận được có thông tin đầy đủ.",
          textEn: "The result you received contains complete information.",
          required: true,
        },
        {
          code: "e4c3",
          text: "Kết quả mà Ông/Bà nhận được có thông tin chính xác.",
          textEn: "The result you received contains accurate information.",
          required: true,
        },
      ],
    },
    {
      code: "e5",
      name: "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
      nameEn: "Receiving and handling comments, feedback and petitions",
      criteria: [
        {
          code: "e5c1",
          text: "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị của người dân, tổ chức.",
          textEn: "The agency provides ways to receive comments, feedback and petitions.",
          required: false,
        },
        {
          code: "e5c2",
          text: "Ông/Bà dễ dàng thực hiện góp ý, phản ánh, kiến nghị.",
          textEn: "It was easy for you to give comments, feedback or petitions.",
          required: false,
        },
        {
          code: "e5c3",
          text: "Cơ quan tiếp nhận và xử lý tích cực các góp ý, phản ánh, kiến nghị của Ông/Bà.",
          textEn: "The agency received and actively handled your comments, feedback or petitions.",
          required: false,
        },
        {
          code: "e5c4",
          text: "Cơ quan thông báo kịp thời kết quả xử lý các ý kiến góp ý, phản ánh, kiến nghị cho Ông/Bà.",
          textEn: "The agency informed you promptly of how your comments, feedback or petitions were handled.",
          required: false,
        },
      ],
    },
  ],
  overallQuestion: {
    text: "Nhìn chung, Ông/Bà hài lòng như thế nào về sự phục vụ của cơ quan?",
    textEn: "Overall, how satisfied are you with the agency's service?",
  },
  expectations: {
    question: "Ông/Bà mong muốn cơ quan cần cải thiện những nội dung nào? (chọn tối đa 3 nội dung)",
    questionEn: "What should the agency improve? (choose up to 3)",
    maxChoices: 3,
    options: [
      {
        code: "access_info",
        label: "Mở rộng các hình thức thông tin để người dân, tổ chức dễ dàng tiếp cận dịch vụ",
        labelEn: "More ways to find information so that the service is easy to reach",
      },
      {
        code: "facilities",
        label: "Cải thiện cơ sở vật chất, trang thiết bị tại nơi tiếp nhận và trả kết quả",
        labelEn: "Better premises and equipment where files are received and results returned",
      },
      {
        code: "simplify",
        label: "Tiếp tục đơn giản hóa thủ tục hành chính",
        labelEn: "Simplify administrative procedures further",
      },
      {
        code: "transparency",
        label: "Công khai, minh bạch hơn các quy định về thủ tục hành chính",
        labelEn: "More open and transparent procedure rules",
      },
      {
        code: "shorter_time",
        label: "Rút ngắn thời gian giải quyết thủ tục hành chính",
        labelEn: "Shorter processing times",
      },
      {
        code: "attitude",
        label: "Cải thiện thái độ giao tiếp, phục vụ của công chức",
        labelEn: "Better manners and service attitude of civil servants",
      },
      {
        code: "competence",
        label: "Nâng cao năng lực giải quyết công việc của công chức",
        labelEn: "More competent handling of files by civil servants",
      },
      {
        code: "feedback",
        label: "Tăng cường tiếp nhận, xử lý góp ý, phản ánh, kiến nghị của người dân, tổ chức",
        labelEn: "Better receipt and handling of comments, feedback and petitions",
      },
      {
        code: "online",
        label: "Mở rộng cung cấp dịch vụ công trực tuyến",
        labelEn: "More online public services",
      },
      { code: "other", label: "Nội dung khác", labelEn: "Something else" },
    ],
  },
};

/**
 * Quick counter form (đánh giá nhanh tại quầy): the per-file indicators a citizen can judge,
 * indicators 1, 2, 3, 4, 6 and 7 of the evaluation of TTHC handling (DOMAIN §2.4), plus
 * "Mức độ thuận tiện" and "Đánh giá tổng thể dịch vụ", each answered Rất hài lòng / Hài lòng /
 * Không hài lòng. Indicators 5, 8 and 9 are agency-level (self-scored) and are not asked.
 */
export const QUICK_COUNTER_TEMPLATE: StandardTemplate = {
  code: "quick",
  version: 1,
  kind: "quick",
  name: "Đánh giá nhanh việc giải quyết thủ tục hành chính",
  nameEn: "Quick rating of the handling of an administrative procedure",
  scaleLevels: 3,
  scale: THREE_LEVEL_SCALE,
  basis:
    "Các chỉ số 1, 2, 3, 4, 6, 7 đánh giá việc giải quyết TTHC (NĐ 61/2018/NĐ-CP, NĐ 107/2021/NĐ-CP, TT 01/2018/TT-VPCP); Điều 33 NĐ 118/2025/NĐ-CP.",
  elements: [
    {
      code: "tthc",
      name: "Việc giải quyết thủ tục hành chính",
      nameEn: "Handling of the administrative procedure",
      criteria: [
        {
          code: "ind1",
          text: "Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định",
          textEn: "Total processing time compared with the time the rules allow",
          required: true,
          nd118Content: "a",
        },
        {
          code: "ind2",
          text: "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết",
          textEn: "Time taken by each agency or unit involved in handling the file",
          required: true,
          nd118Content: "a",
        },
        {
          code: "ind3",
          text: "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ (kể cả trực tuyến)",
          textEn: "Number of times you had to contact the receiving desk to complete the file (online included)",
          required: true,
          nd118Content: "c",
        },
        {
          code: "ind4",
          text: "Số lượng cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ",
          textEn: "Number of agencies or units you had to contact to complete the file",
          required: true,
          nd118Content: "b",
        },
        {
          code: "ind6",
          text: "Việc công khai thủ tục hành chính",
          textEn: "Publication of the administrative procedure",
          required: true,
          nd118Content: "d",
        },
        {
          code: "ind7",
          text: "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
          textEn: "Attitude of the officials who guided you, received and handled the file",
          required: true,
          nd118Content: "đ",
        },
      ],
    },
    {
      code: "hailong",
      name: "Mức độ hài lòng",
      nameEn: "Satisfaction",
      criteria: [
        {
          code: "convenience",
          text: "Mức độ thuận tiện khi sử dụng dịch vụ",
          textEn: "Convenience of using the service",
          required: true,
          nd118Content: "i",
        },
        {
          code: "overall",
          text: "Đánh giá tổng thể dịch vụ",
          textEn: "Overall rating of the service",
          required: true,
          nd118Content: "i",
        },
      ],
    },
  ],
  overallQuestion: {
    text: "Đánh giá tổng thể dịch vụ",
    textEn: "Overall rating of the service",
    criterionCode: "overall",
  },
};

export const STANDARD_TEMPLATES: readonly StandardTemplate[] = [SIPAS_TEMPLATE, QUICK_COUNTER_TEMPLATE];
