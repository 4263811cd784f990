import { registerMessages } from '../../i18n/index.tsx';

/** Sync indicator strings, Vietnamese first (exported for the key-parity test). */
export const SYNC_MESSAGES = {
  vi: {
    'sync.never': 'Chưa đồng bộ lần nào', 'sync.last': 'Đồng bộ lần cuối {ago}', 'sync.pending': '{n} thay đổi đang chờ', 'sync.upToDate': 'không có thay đổi chờ',
    'sync.justNow': 'vừa xong', 'sync.minutes': '{n} phút trước', 'sync.hours': '{n} giờ trước', 'sync.days': '{n} ngày trước', 'sync.error': 'Lỗi đồng bộ gần nhất: {e}',
  },
  en: {
    'sync.never': 'Never synced', 'sync.last': 'Last synced {ago}', 'sync.pending': '{n} changes waiting', 'sync.upToDate': 'nothing waiting',
    'sync.justNow': 'just now', 'sync.minutes': '{n} min ago', 'sync.hours': '{n} h ago', 'sync.days': '{n} days ago', 'sync.error': 'Last sync error: {e}',
  },
};
registerMessages(SYNC_MESSAGES);
