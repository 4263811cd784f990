import { registerMessages } from '../../i18n/index.tsx';

/** Sync indicator strings, Vietnamese first (exported for the key-parity test). */
export const SYNC_MESSAGES = {
  vi: {
    'sync.never': 'Chưa đồng bộ lần nào', 'sync.last': 'Đồng bộ lần cuối {ago}', 'sync.pending': '{n} thay đổi đang chờ', 'sync.upToDate': 'không có thay đổi chờ',
    'sync.justNow': 'vừa xong', 'sync.minutes': '{n} phút trước', 'sync.hours': '{n} giờ trước', 'sync.days': '{n} ngày trước', 'sync.error': 'Lỗi đồng bộ gần nhất: {e}',
    'sync.review.nav': 'Xung đột đồng bộ', 'sync.review.title': 'Xung đột đồng bộ cần xem xét',
    'sync.review.intro': 'Cùng một trường được sửa ở cả trạm và tuyến tỉnh. Hệ thống đã giữ giá trị sửa sau cùng; hãy chọn giá trị đúng. Giá trị được chọn sẽ đồng bộ đi ở lần đồng bộ tới.',
    'sync.review.loading': 'Đang tải…', 'sync.review.none': 'Không có xung đột nào cần xem xét.', 'sync.review.kept': 'Giá trị đang dùng', 'sync.review.other': 'Giá trị bị thay',
    'sync.review.keepThis': 'Giữ giá trị này', 'sync.review.useThis': 'Dùng giá trị này', 'sync.review.done': 'Đã ghi nhận quyết định',
    'sync.review.field.phone': 'Số điện thoại', 'sync.review.field.full_name': 'Họ và tên', 'sync.review.field.address_line': 'Địa chỉ', 'sync.review.field.birth_date': 'Ngày sinh',
    'sync.review.field.bhyt': 'Số thẻ BHYT', 'sync.review.field.cccd': 'Số CCCD', 'sync.review.field.commune': 'Xã/phường', 'sync.review.field.reason': 'Lý do khám',
  },
  en: {
    'sync.never': 'Never synced', 'sync.last': 'Last synced {ago}', 'sync.pending': '{n} changes waiting', 'sync.upToDate': 'nothing waiting',
    'sync.justNow': 'just now', 'sync.minutes': '{n} min ago', 'sync.hours': '{n} h ago', 'sync.days': '{n} days ago', 'sync.error': 'Last sync error: {e}',
    'sync.review.nav': 'Sync conflicts', 'sync.review.title': 'Sync conflicts to review',
    'sync.review.intro': 'The same field was changed both at the station and at the province. The later edit was kept; choose the right value. Your choice goes out at the next sync.',
    'sync.review.loading': 'Loading…', 'sync.review.none': 'No conflicts to review.', 'sync.review.kept': 'Value in use', 'sync.review.other': 'Value set aside',
    'sync.review.keepThis': 'Keep this value', 'sync.review.useThis': 'Use this value', 'sync.review.done': 'Decision recorded',
    'sync.review.field.phone': 'Phone', 'sync.review.field.full_name': 'Full name', 'sync.review.field.address_line': 'Address', 'sync.review.field.birth_date': 'Date of birth',
    'sync.review.field.bhyt': 'Insurance card (BHYT)', 'sync.review.field.cccd': 'Citizen ID (CCCD)', 'sync.review.field.commune': 'Commune/ward', 'sync.review.field.reason': 'Reason for visit',
  },
};
registerMessages(SYNC_MESSAGES);
