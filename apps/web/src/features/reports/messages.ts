import { registerMessages } from '../../i18n/index.tsx';

/** Report centre strings, Vietnamese first (exported for the key-parity test). */
export const REPORT_MESSAGES = {
  vi: {
    'reports.nav': 'Báo cáo', 'reports.title': 'Báo cáo tháng của cơ sở', 'reports.subtitle': 'Số liệu tính từ dữ liệu; bản tóm tắt là gợi ý do quy tắc soạn từ chính số liệu, người quản lý duyệt hoặc sửa trước khi dùng.',
    'reports.facility': 'Cơ sở', 'reports.month': 'Tháng', 'reports.make': 'Lập báo cáo', 'reports.none': 'Chưa có báo cáo',
    'reports.visits': 'Lượt khám', 'reports.insured': 'Có thẻ BHYT', 'reports.claims': 'Hồ sơ BHYT', 'reports.rejections': 'Lý do từ chối',
    'reports.blocked': 'Lỗi giữ hồ sơ', 'reports.diagnoses': 'Chẩn đoán thường gặp', 'reports.money': 'Chi phí',
    'reports.draft': 'Bản nháp tóm tắt (gợi ý)', 'reports.provenance': 'Nguồn', 'reports.accept': 'Duyệt bản nháp', 'reports.approveEdited': 'Duyệt bản đã sửa',
    'reports.approved': 'Đã duyệt', 'reports.status.draft': 'Nháp', 'reports.status.approved': 'Đã duyệt', 'reports.pdf': 'Tải PDF', 'reports.edited': 'đã sửa',
    'reports.state.ready': 'Sẵn sàng', 'reports.state.blocked': 'Bị giữ', 'reports.state.exported': 'Đã gửi', 'reports.state.accepted': 'Chấp nhận', 'reports.state.rejected': 'Từ chối',
  },
  en: {
    'reports.nav': 'Reports', 'reports.title': 'Facility monthly report', 'reports.subtitle': 'Figures are counted from the data; the summary is a suggestion drafted by rules from those figures, which a manager approves or edits before use.',
    'reports.facility': 'Facility', 'reports.month': 'Month', 'reports.make': 'Build report', 'reports.none': 'No reports yet',
    'reports.visits': 'Visits', 'reports.insured': 'Insured', 'reports.claims': 'Insurance claims', 'reports.rejections': 'Rejection reasons',
    'reports.blocked': 'Blocking errors', 'reports.diagnoses': 'Top diagnoses', 'reports.money': 'Costs',
    'reports.draft': 'Draft summary (suggestion)', 'reports.provenance': 'Source', 'reports.accept': 'Approve draft', 'reports.approveEdited': 'Approve edited text',
    'reports.approved': 'Approved', 'reports.status.draft': 'Draft', 'reports.status.approved': 'Approved', 'reports.pdf': 'Download PDF', 'reports.edited': 'edited',
    'reports.state.ready': 'Ready', 'reports.state.blocked': 'Blocked', 'reports.state.exported': 'Sent', 'reports.state.accepted': 'Accepted', 'reports.state.rejected': 'Rejected',
  },
};
registerMessages(REPORT_MESSAGES);
