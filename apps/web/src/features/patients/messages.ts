import { registerMessages } from '../../i18n/index.tsx';

registerMessages({
  vi: {
    'vitals.news2Points': '{n} điểm NEWS2',
    'validation.sexRequired': 'Chọn giới tính',
    'patients.pagePrevious': 'Trang trước',
    'patients.pageNext': 'Trang sau',
    'visit.draftRestored': 'Đã khôi phục dữ liệu chưa lưu của lượt khám này. Kiểm tra rồi bấm Lưu.',
    'patient.noMatch': 'Không có đơn vị nào khớp',
    'patient.typeToSearch': 'Gõ để tìm (có hoặc không dấu)',
    'patient.provinceFirst': 'Chọn tỉnh/thành phố trước',
    'patient.unitsUnavailable': 'Không tải được danh mục đơn vị hành chính',
  },
  en: {
    'vitals.news2Points': 'NEWS2 {n} points',
    'validation.sexRequired': 'Choose the sex',
    'patients.pagePrevious': 'Previous page',
    'patients.pageNext': 'Next page',
    'visit.draftRestored': 'The unsaved values of this visit were restored. Check them, then save.',
    'patient.noMatch': 'No unit matches',
    'patient.typeToSearch': 'Type to search (with or without diacritics)',
    'patient.provinceFirst': 'Choose the province first',
    'patient.unitsUnavailable': 'The list of administrative units could not be loaded',
  },
});
