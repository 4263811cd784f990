import { registerMessages } from '../../i18n/index.tsx';

registerMessages({
  vi: {
    'vitals.news2Points': '{n} điểm NEWS2',
    'validation.sexRequired': 'Chọn giới tính',
    'patients.pagePrevious': 'Trang trước',
    'patients.pageNext': 'Trang sau',
    'visit.draftRestored': 'Đã khôi phục dữ liệu chưa lưu của lượt khám này. Kiểm tra rồi bấm Lưu.',
  },
  en: {
    'vitals.news2Points': 'NEWS2 {n} points',
    'validation.sexRequired': 'Choose the sex',
    'patients.pagePrevious': 'Previous page',
    'patients.pageNext': 'Next page',
    'visit.draftRestored': 'The unsaved values of this visit were restored. Check them, then save.',
  },
});
