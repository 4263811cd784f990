import { registerMessages } from '../../i18n/index.tsx';

/** Claims work list strings, Vietnamese first (exported for the key-parity test). */
export const CLAIM_MESSAGES = {
  vi: {
    'claims.nav': 'Hồ sơ BHYT', 'claims.title': 'Hồ sơ đề nghị thanh toán BHYT (XML 130/4750)',
    'claims.subtitle': 'Mỗi hồ sơ được kiểm tra trước khi xuất; hồ sơ có lỗi chặn bị giữ lại kèm cách sửa.',
    'claims.state': 'Trạng thái', 'claims.all': 'Tất cả', 'claims.none': 'Không có hồ sơ',
    'claims.state.ready': 'Sẵn sàng', 'claims.state.blocked': 'Bị chặn', 'claims.state.exported': 'Đã xuất',
    'claims.state.accepted': 'Được chấp nhận', 'claims.state.rejected': 'Bị từ chối',
    'claims.maLk': 'Mã liên kết', 'claims.patient': 'Người bệnh', 'claims.date': 'Ngày khám', 'claims.total': 'Tổng chi phí (đ)',
    'claims.fund': 'BHYT trả (đ)', 'claims.errors': 'Lỗi và cách sửa', 'claims.demo': 'Tạo hồ sơ mẫu', 'claims.export': 'Xuất hồ sơ sẵn sàng',
    'claims.exported': 'Đã xuất {n} hồ sơ', 'claims.facility': 'Cơ sở',
  },
  en: {
    'claims.nav': 'Insurance claims', 'claims.title': 'Health-insurance claims (XML 130/4750)',
    'claims.subtitle': 'Every claim is checked before export; a claim with a blocking error is held back with how to fix it.',
    'claims.state': 'State', 'claims.all': 'All', 'claims.none': 'No claims',
    'claims.state.ready': 'Ready', 'claims.state.blocked': 'Blocked', 'claims.state.exported': 'Exported',
    'claims.state.accepted': 'Accepted', 'claims.state.rejected': 'Rejected',
    'claims.maLk': 'Link code (MA_LK)', 'claims.patient': 'Patient', 'claims.date': 'Visit date', 'claims.total': 'Total cost (VND)',
    'claims.fund': 'Fund pays (VND)', 'claims.errors': 'Errors and fixes', 'claims.demo': 'Create demo claims', 'claims.export': 'Export ready claims',
    'claims.exported': '{n} claims exported', 'claims.facility': 'Facility',
  },
};
registerMessages(CLAIM_MESSAGES);
