/**
 * What the demo agency answered to its seeded cases (scripts/seed/cases.ts), keyed by the case
 * title: the substance of each answer (trả lời phản ánh, kiến nghị; quyết định giải quyết khiếu
 * nại; thông báo kết quả giải quyết tố cáo), and the reasons given when a case was refused or
 * forwarded. ILLUSTRATIVE texts for the demo: they name no person (no filer, no officer) and
 * carry no phone number or address, so the published versions need no masking.
 *
 * A case whose title is not here (another agency, a changed title) gets the generic text.
 */

/** The body of the answer to a petition (phản ánh, kiến nghị), after the standard opening. */
export const PETITION_ANSWERS: Readonly<Record<string, string>> = {
  "Đề nghị hướng dẫn thủ tục công bố hợp quy đồ chơi trẻ em nhập khẩu":
    "Đồ chơi trẻ em thuộc nhóm sản phẩm, hàng hóa phải công bố hợp quy theo quy chuẩn kỹ thuật quốc gia về an toàn đồ chơi trẻ em. Đối với hàng nhập khẩu, doanh nghiệp đăng ký kiểm tra nhà nước về chất lượng trước khi thông quan, sau đó nộp hồ sơ công bố hợp quy gồm: bản công bố hợp quy theo mẫu, bản sao giấy chứng nhận hợp quy do tổ chức chứng nhận được chỉ định cấp và mẫu nhãn hàng hóa.\n\nHồ sơ được tiếp nhận trực tuyến trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa của Sở tại Trung tâm Phục vụ hành chính công tỉnh, trong giờ hành chính các ngày làm việc. Doanh nghiệp có thể chuẩn bị trước bản công bố và mẫu nhãn để nộp ngay khi có giấy chứng nhận.",
  "Phản ánh hồ sơ khai báo thiết bị X-quang trả chậm so với giấy hẹn":
    "Qua kiểm tra, hồ sơ khai báo thiết bị X-quang của cơ sở được giải quyết chậm so với ngày hẹn trả kết quả do phải đối chiếu lại kết quả kiểm định thiết bị. Việc chậm trả kết quả mà không có văn bản xin lỗi và hẹn lại ngày trả là chưa đúng quy định. Sở đã chỉ đạo trả kết quả cho cơ sở, gửi văn bản xin lỗi và nhắc nhở công chức liên quan.\n\nSở đã yêu cầu Phòng Quản lý chuyên ngành theo dõi thời hạn từng hồ sơ trên phần mềm một cửa và thông báo sớm cho tổ chức, cá nhân khi hồ sơ có nguy cơ quá hạn.",
  "Kiến nghị bổ sung biểu mẫu điện tử trên Cổng dịch vụ công":
    "Sở ghi nhận kiến nghị. Hiện nay một số thủ tục của Sở đã có biểu mẫu điện tử tương tác; các thủ tục còn lại đang được rà soát để xây dựng biểu mẫu điện tử, ưu tiên các thủ tục có số lượng hồ sơ lớn như công bố hợp quy, khai báo thiết bị X-quang và cấp chứng chỉ nhân viên bức xạ.\n\nSở sẽ phối hợp với đơn vị vận hành Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh để cập nhật biểu mẫu trong quý tới. Trong thời gian chờ cập nhật, tổ chức, cá nhân có thể ký số trực tiếp trên tệp mẫu đơn mà không cần in và quét lại.",
  "Phản ánh số điện thoại đường dây nóng của Sở không liên lạc được":
    "Qua kiểm tra, đường dây nóng của Sở bị gián đoạn trong thời gian chuyển đổi tổng đài. Sự cố đã được khắc phục; Sở đã bố trí công chức Văn phòng trực đường dây nóng trong giờ hành chính và cập nhật lại thông tin liên hệ trên Cổng thông tin điện tử của Sở.",
  "Đề nghị giải thích mức phí thẩm định cấp giấy phép tiến hành công việc bức xạ":
    "Phí thẩm định cấp giấy phép tiến hành công việc bức xạ thu theo biểu phí do Bộ Tài chính ban hành, tính theo từng thiết bị X-quang và từng loại công việc bức xạ. Khi cơ sở đề nghị cấp giấy phép cho nhiều thiết bị trong cùng một hồ sơ, phí thẩm định là tổng phí của các thiết bị; cơ sở chỉ nộp một bộ hồ sơ và nhận một giấy phép ghi đủ các thiết bị.\n\nMức phí cụ thể của từng thủ tục được niêm yết tại Bộ phận Một cửa và trên Cổng dịch vụ công. Cơ sở có thể nộp phí trực tuyến khi nộp hồ sơ.",
  "Phản ánh việc yêu cầu bổ sung hồ sơ công bố hợp quy nhiều lần":
    "Qua kiểm tra, hồ sơ công bố hợp quy của doanh nghiệp bị yêu cầu bổ sung lần thứ hai với nội dung lẽ ra phải được nêu đầy đủ ngay từ lần đầu. Việc này chưa đúng quy định: cơ quan tiếp nhận chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần.\n\nChi cục Tiêu chuẩn Đo lường Chất lượng đã xin lỗi doanh nghiệp, giải quyết hồ sơ và kiểm điểm công chức thụ lý. Sở đã chỉ đạo rà soát để mọi yêu cầu bổ sung được ghi đầy đủ trong một phiếu duy nhất.",
  "Kiến nghị tiếp nhận hồ sơ vào buổi trưa":
    "Việc bố trí thời gian làm việc tại Trung tâm Phục vụ hành chính công do Trung tâm thống nhất cho các sở, ngành. Sở đã đề nghị Trung tâm xem xét bố trí tiếp nhận hồ sơ trong giờ nghỉ trưa theo hình thức luân phiên giữa các quầy.\n\nTrong thời gian chờ Trung tâm quyết định, tổ chức, cá nhân ở xa có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công hoặc qua dịch vụ bưu chính công ích mà không phải đến trực tiếp.",
  "Đề nghị cung cấp thông tin chương trình hỗ trợ doanh nghiệp đổi mới công nghệ":
    "Tỉnh đang triển khai chương trình hỗ trợ doanh nghiệp đổi mới công nghệ, trong đó có hỗ trợ một phần kinh phí mua, nhận chuyển giao công nghệ và thiết bị cho dây chuyền chế biến nông sản. Doanh nghiệp nộp hồ sơ đề xuất theo mẫu tại Phòng Quản lý chuyên ngành; hồ sơ được xét theo đợt, thông báo trên Cổng thông tin điện tử của Sở.\n\nĐề nghị doanh nghiệp chuẩn bị thuyết minh dự án đổi mới công nghệ, báo cáo tài chính gần nhất và báo giá thiết bị. Phòng Quản lý chuyên ngành sẵn sàng hướng dẫn doanh nghiệp hoàn thiện hồ sơ trước khi nộp.",
  "Phản ánh cân tại chợ có dấu hiệu sai lệch":
    "Sau khi nhận phản ánh, Chi cục Tiêu chuẩn Đo lường Chất lượng đã phối hợp với Ban quản lý chợ kiểm tra các cân đang sử dụng. Kết quả kiểm tra phát hiện một số cân không có dấu kiểm định còn hiệu lực hoặc có sai số vượt mức cho phép; Chi cục đã lập biên bản, xử lý vi phạm theo quy định và yêu cầu thay thế các cân không đạt.\n\nChi cục đề nghị Ban quản lý chợ duy trì cân đối chứng để người mua tự kiểm tra và sẽ tiếp tục kiểm tra đột xuất việc sử dụng cân tại các chợ trên địa bàn.",
  "Phản ánh cột đo xăng dầu bơm thiếu":
    "Chi cục Tiêu chuẩn Đo lường Chất lượng đã kiểm tra đột xuất cửa hàng xăng dầu được phản ánh. Các cột đo có chứng chỉ kiểm định còn hiệu lực; sai số của cột đo tại thời điểm kiểm tra nằm trong giới hạn cho phép. Chi cục đã yêu cầu cửa hàng niêm yết rõ dấu kiểm định và bố trí bình đong chuẩn để khách hàng kiểm tra khi có yêu cầu.\n\nKhi nghi ngờ lượng xăng dầu bán ra không đúng, người mua có quyền yêu cầu cửa hàng đong kiểm tra bằng bình đong chuẩn tại chỗ và phản ánh ngay qua đường dây nóng của Sở.",
  "Kiến nghị đơn giản hóa hồ sơ đăng ký kết quả nhiệm vụ khoa học và công nghệ":
    "Sở ghi nhận kiến nghị. Thành phần hồ sơ của thủ tục được quy định tại văn bản của Bộ Khoa học và Công nghệ nên Sở không tự cắt giảm được. Tuy vậy, Sở sẽ không yêu cầu nộp bản sao các giấy tờ đã có trong cơ sở dữ liệu hoặc đã nộp ở thủ tục trước, và đã đưa nội dung này vào phương án đơn giản hóa thủ tục hành chính gửi Ủy ban nhân dân tỉnh để kiến nghị Bộ.",
  "Đề nghị hướng dẫn thủ tục công nhận trung tâm hỗ trợ khởi nghiệp sáng tạo":
    "Để được công nhận là trung tâm hỗ trợ khởi nghiệp sáng tạo cấp tỉnh, đơn vị cần có cơ sở vật chất, đội ngũ tư vấn và kế hoạch hoạt động hỗ trợ khởi nghiệp theo tiêu chí của tỉnh. Hồ sơ gồm: đơn đề nghị công nhận, quyết định thành lập hoặc giấy chứng nhận đăng ký của đơn vị, báo cáo năng lực và kế hoạch hoạt động ba năm.\n\nHồ sơ nộp tại Bộ phận Một cửa của Sở; Phòng Quản lý khoa học thẩm định, tổ chức kiểm tra thực tế và trình Giám đốc Sở xem xét. Đơn vị có thể liên hệ Phòng Quản lý khoa học để được hướng dẫn trước khi nộp.",
  "Phản ánh thái độ của cán bộ tại quầy tiếp nhận hồ sơ":
    "Sở tiếp thu phản ánh và xin lỗi Ông/Bà về thái độ phục vụ chưa đúng mực tại quầy tiếp nhận. Sở đã kiểm điểm, nhắc nhở công chức liên quan và yêu cầu toàn bộ công chức tại Bộ phận Một cửa thực hiện đúng quy tắc ứng xử, hướng dẫn đầy đủ thành phần hồ sơ ngay tại quầy.\n\nSở đã bổ sung bảng hướng dẫn thành phần hồ sơ của các thủ tục thường gặp tại khu vực chờ và mã QR tra cứu thủ tục tại mỗi quầy.",
  "Đề nghị công khai kết quả giải quyết hồ sơ trên Cổng thông tin điện tử":
    "Sở ghi nhận kiến nghị. Từ tháng tới, Sở công khai hằng tháng trên Cổng thông tin điện tử số hồ sơ tiếp nhận, số hồ sơ giải quyết trước hạn, đúng hạn, trễ hạn và tỷ lệ hài lòng của người dân, doanh nghiệp, cùng với các câu trả lời phản ánh, kiến nghị đã công khai.",
  "Kiến nghị về thời hạn kiểm tra chất lượng hàng hóa nhập khẩu":
    "Thời hạn thông báo kết quả kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu được tính từ khi nhận đủ hồ sơ hợp lệ, trong đó có kết quả đánh giá sự phù hợp. Qua rà soát, một số hồ sơ chậm do chờ kết quả thử nghiệm của tổ chức đánh giá sự phù hợp; Chi cục đã trao đổi với các tổ chức này để rút ngắn thời gian.\n\nHiện doanh nghiệp đã có thể đăng ký kiểm tra và nhận thông báo kết quả trực tuyến trên Cổng dịch vụ công. Sở sẽ tiếp tục đề xuất áp dụng biện pháp kiểm tra giảm đối với doanh nghiệp có lịch sử tuân thủ tốt.",
  "Đề nghị hướng dẫn đăng ký chuyển giao công nghệ sấy nông sản":
    "Việc chuyển giao công nghệ trong nước phải đăng ký khi công nghệ thuộc danh mục công nghệ hạn chế chuyển giao; các trường hợp khác được khuyến khích đăng ký để hưởng ưu đãi. Công nghệ sấy lạnh nông sản không thuộc danh mục hạn chế chuyển giao, nên hợp tác xã không bắt buộc đăng ký nhưng có thể đăng ký tự nguyện.\n\nHồ sơ đăng ký gồm văn bản đề nghị và bản sao hợp đồng chuyển giao công nghệ, nộp tại Bộ phận Một cửa của Sở hoặc trực tuyến. Sở cấp giấy chứng nhận đăng ký khi hồ sơ hợp lệ.",
  "Phản ánh tin nhắn thông báo kết quả hồ sơ gửi nhầm số điện thoại":
    "Qua kiểm tra, tin nhắn gửi nhầm do số điện thoại liên hệ của một hồ sơ bị nhập sai khi tiếp nhận. Sở đã sửa thông tin liên hệ của hồ sơ, xin lỗi chủ hồ sơ và Ông/Bà, đồng thời yêu cầu Bộ phận Một cửa đối chiếu số điện thoại với tờ khai trước khi lưu để bảo vệ thông tin cá nhân của người dân.",
  "Đề nghị tổ chức tập huấn an toàn bức xạ cho phòng khám tư nhân":
    "Sở ghi nhận đề nghị. Trong kế hoạch năm tới, Sở sẽ tổ chức lớp tập huấn về an toàn bức xạ trong y tế, khai báo thiết bị và cấp phép tiến hành công việc bức xạ cho người phụ trách an toàn của các cơ sở y tế tư nhân trên địa bàn. Thời gian, địa điểm sẽ được thông báo trên Cổng thông tin điện tử của Sở và gửi đến các cơ sở đã khai báo thiết bị.",
  "Kiến nghị về ghi nhãn hàng đóng gói sẵn đối với cà phê rang xay":
    "Cà phê rang xay đóng gói sẵn phải ghi lượng danh định theo khối lượng trên nhãn, đúng đơn vị đo và cỡ chữ quy định. Cơ sở chỉ được sử dụng dấu định lượng khi đáp ứng yêu cầu đo lường đối với lượng của hàng đóng gói sẵn và đã công bố theo quy định.\n\nChi cục Tiêu chuẩn Đo lường Chất lượng sẽ tổ chức hội nghị hướng dẫn ghi nhãn cho các cơ sở sản xuất cà phê nhỏ và cung cấp mẫu nhãn tham khảo trên Cổng thông tin điện tử của Sở.",
  "Đề nghị hỗ trợ đăng ký nhãn hiệu chứng nhận cho sản phẩm đặc sản địa phương":
    "Hội sản xuất có thể là chủ sở hữu nhãn hiệu chứng nhận khi được cơ quan quản lý địa phương cho phép. Hồ sơ đăng ký nhãn hiệu chứng nhận nộp tại Cục Sở hữu trí tuệ, kèm quy chế sử dụng nhãn hiệu và bản đồ khu vực địa lý nếu nhãn hiệu gắn với địa danh.\n\nChương trình hỗ trợ phát triển tài sản trí tuệ của tỉnh hỗ trợ một phần kinh phí xây dựng và đăng ký nhãn hiệu cho sản phẩm đặc sản. Phòng Quản lý chuyên ngành sẽ hướng dẫn Hội lập hồ sơ đề xuất hỗ trợ.",
  "Phản ánh máy tra cứu tại khu vực một cửa thường xuyên bị lỗi":
    "Sở đã kiểm tra máy tra cứu thông tin thủ tục hành chính đặt tại khu vực của Sở; máy bị lỗi phần mềm sau lần cập nhật gần nhất. Đơn vị cung cấp đã khắc phục và cài đặt lại, máy đã hoạt động ổn định. Sở giao Bộ phận Một cửa kiểm tra máy mỗi ngày đầu giờ làm việc.",
  "Đề nghị cho phép thanh toán trực tuyến lệ phí cấp chứng chỉ nhân viên bức xạ":
    "Sở ghi nhận đề nghị. Thủ tục cấp chứng chỉ nhân viên bức xạ đã được tích hợp thanh toán trực tuyến trên Cổng dịch vụ công; khi nộp hồ sơ trực tuyến, người nộp chọn thanh toán phí, lệ phí trực tuyến và nhận biên lai điện tử, không phải đến quầy để nộp.",
  "Hỏi về việc cấp lại Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ bị mất":
    "Khi Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ bị mất, tổ chức đề nghị cấp lại bằng đơn theo mẫu, nêu rõ lý do. Hồ sơ nộp tại Bộ phận Một cửa của Sở hoặc trực tuyến trên Cổng dịch vụ công; Sở xem xét cấp lại trong thời hạn giải quyết của thủ tục đã công bố, giấy được cấp lại giữ nguyên số đăng ký.",
  "Phản ánh đồng hồ đo nước chưa được kiểm định định kỳ":
    "Chi cục Tiêu chuẩn Đo lường Chất lượng đã làm việc với đơn vị cấp nước. Một số đồng hồ đo nước tại khu dân cư đã đến hạn kiểm định định kỳ nhưng chưa được thay thế; đơn vị cấp nước đã lập kế hoạch thay thế, kiểm định trong tháng và thông báo lịch thay cho các hộ dân.\n\nNgười sử dụng nước có quyền đề nghị đơn vị cấp nước kiểm định đồng hồ khi nghi ngờ kết quả đo không chính xác.",
  "Đề nghị hướng dẫn hồ sơ đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027":
    "Sở đã thông báo đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027 trên Cổng thông tin điện tử của Sở, kèm mẫu phiếu đề xuất và danh mục lĩnh vực ưu tiên: nông nghiệp công nghệ cao, chế biến nông sản, du lịch, chuyển đổi số và bảo vệ môi trường. Nhà trường gửi phiếu đề xuất về Phòng Quản lý khoa học trong thời hạn ghi trong thông báo.",
};

/** A petition's answer when its title is not in the list. */
export const GENERIC_PETITION_ANSWER =
  "Sở đã giao đơn vị chuyên môn kiểm tra nội dung phản ánh, kiến nghị. Các nội dung thuộc thẩm quyền của Sở đã được xem xét, xử lý theo quy định; những nội dung chưa phù hợp đã được chấn chỉnh. Sở sẽ tiếp tục theo dõi để việc phục vụ tổ chức, cá nhân ngày càng tốt hơn.";

/** The substance of a complaint decision (quyết định giải quyết khiếu nại lần đầu). */
export const COMPLAINT_DECISIONS: Readonly<Record<string, string>> = {
  "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực đo lường":
    "Kết quả xác minh cho thấy tại thời điểm kiểm tra, hai trong số các phương tiện đo cơ sở đang sử dụng đã hết hạn kiểm định; các phương tiện đo còn lại có chứng chỉ kiểm định còn hiệu lực nhưng biên bản kiểm tra chưa ghi nhận việc này. Khiếu nại của cơ sở đúng một phần.\n\nGiữ nguyên hành vi vi phạm và hình thức xử phạt đối với các phương tiện đo đã hết hạn kiểm định; điều chỉnh nội dung quyết định xử phạt đối với các phương tiện đo còn hạn kiểm định. Trường hợp không đồng ý với quyết định này, cơ sở có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính tại Tòa án theo quy định của pháp luật.",
};

export const GENERIC_COMPLAINT_DECISION =
  "Kết quả xác minh cho thấy nội dung khiếu nại không có căn cứ; quyết định, hành vi hành chính bị khiếu nại đúng quy định. Giữ nguyên quyết định, hành vi hành chính bị khiếu nại. Trường hợp không đồng ý, người khiếu nại có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính tại Tòa án theo quy định của pháp luật.";

/** The substance of the notice of the result of a denunciation (thông báo kết quả giải quyết tố cáo). */
export const DENUNCIATION_CONCLUSIONS: Readonly<Record<string, string>> = {
  "Tố cáo hành vi sách nhiễu khi tiếp nhận hồ sơ khai báo thiết bị X-quang":
    "Giám đốc Sở đã ban hành kết luận nội dung tố cáo. Kết quả xác minh cho thấy nội dung tố cáo đúng một phần: công chức bị tố cáo đã giới thiệu đơn vị tư vấn cho cơ sở khi tiếp nhận hồ sơ, trái quy tắc ứng xử của công chức; không có căn cứ xác định việc cố ý kéo dài thời gian giải quyết hồ sơ.\n\nSở đã xử lý kỷ luật công chức vi phạm theo quy định và điều chuyển khỏi vị trí tiếp nhận hồ sơ. Thông tin về người tố cáo được giữ bí mật theo quy định của Luật Tố cáo.",
};

export const GENERIC_DENUNCIATION_CONCLUSION =
  "Giám đốc Sở đã ban hành kết luận nội dung tố cáo. Kết quả xác minh cho thấy nội dung tố cáo không có căn cứ. Thông tin về người tố cáo được giữ bí mật theo quy định của Luật Tố cáo.";

/** Why a petition was refused (reject) or sent elsewhere (forward), and to whom. */
export const PETITION_REFUSALS: Readonly<Record<string, { reason: string; forwardedTo?: string }>> = {
  "Phản ánh số điện thoại đường dây nóng của Sở không liên lạc được": {
    reason:
      "Đường dây nóng được phản ánh thuộc tổng đài do Trung tâm Phục vụ hành chính công tỉnh quản lý; chuyển đến Trung tâm để kiểm tra, khắc phục theo thẩm quyền (Nghị định 20/2008/NĐ-CP, Điều 9).",
    forwardedTo: "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
  },
};

export const GENERIC_REJECT_REASON =
  "Nội dung trùng với phản ánh, kiến nghị đã được Sở trả lời và công khai trước đó; Sở không xem xét lại.";
export const GENERIC_FORWARD = {
  reason:
    "Nội dung phản ánh không thuộc thẩm quyền giải quyết của Sở; chuyển đến cơ quan có thẩm quyền (Nghị định 20/2008/NĐ-CP, Điều 9).",
  forwardedTo: "Ủy ban nhân dân tỉnh Lâm Đồng",
};

/** Why the demo's late-filed complaint was not accepted (Luật Khiếu nại 2011 Art. 9, 11). */
export const COMPLAINT_REJECT_REASON =
  "Khiếu nại được gửi khi đã hết thời hiệu 90 ngày kể từ ngày nhận được văn bản bị khiếu nại (Luật Khiếu nại 2011, Điều 9), không có lý do trở ngại khách quan; không đủ điều kiện thụ lý (Điều 11).";

/** What petitioners wrote when rating an answer (optional). */
export const SATISFIED_COMMENTS: readonly (string | null)[] = [
  "Câu trả lời rõ ràng, đầy đủ. Cảm ơn Sở.",
  null,
  "Sở trả lời nhanh, hướng dẫn cụ thể.",
  null,
  "Đã được hướng dẫn và giải quyết xong.",
];
export const UNSATISFIED_COMMENTS: readonly string[] = [
  "Câu trả lời chưa nêu thời điểm khắc phục cụ thể.",
  "Trả lời chậm và chưa giải quyết được vướng mắc của tôi.",
];
