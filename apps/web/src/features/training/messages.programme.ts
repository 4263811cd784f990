import { registerMessages } from '../../i18n/index.tsx';

/** Programme management (enrolment, cohort dashboard) and offline strings, Vietnamese first. */
export const PROGRAMME_MESSAGES = {
  vi: {
    'training.programme': 'Quản lý chương trình đào tạo', 'training.programmeIntro': 'Ghi danh học viên từ tệp CSV và theo dõi tiến độ theo vai trò, cơ sở và tỉnh.',
    'training.dashboard': 'Bảng theo dõi', 'training.enrolment': 'Ghi danh',
    'training.enrolled': 'Đã ghi danh', 'training.started': 'Đã bắt đầu', 'training.completed': 'Đã hoàn thành', 'training.completion': 'Tỷ lệ hoàn thành',
    'training.passRate': 'Tỷ lệ đạt bài cuối', 'training.overReliance': 'Dựa dẫm quá mức (X-quang)', 'training.groupBy': 'Nhóm theo',
    'training.by.role': 'Vai trò', 'training.by.facility': 'Cơ sở', 'training.by.province': 'Tỉnh/thành',
    'training.allProvinces': 'Mọi tỉnh/thành', 'training.allFacilities': 'Mọi cơ sở', 'training.allRoles': 'Mọi vai trò',
    'training.exportCsv': 'Tải CSV', 'training.moduleGains': 'Điểm đầu vào → cuối khóa theo học phần', 'training.preCol': 'Đầu vào', 'training.postCol': 'Cuối khóa',
    'training.gainCol': 'Tăng', 'training.hakeCol': '⟨g⟩ Hake', 'training.hakeNote': '⟨g⟩ = (TB cuối − TB đầu) / (1 − TB đầu), Hake (1998): < 0,3 thấp, 0,3–0,7 trung bình, > 0,7 cao.',
    'training.noLearners': 'Chưa có học viên nào được ghi danh.', 'training.groups': 'Chi tiết theo tỉnh × cơ sở × vai trò',
    'training.csvFile': 'Tệp CSV (UTF-8)', 'training.csvHelp': 'Cột: national_id (CCCD 12 số), full_name, role, facility_code, province, cohort, start_date (dd/mm/yyyy). Tệp có dòng lỗi sẽ không được nhập dòng nào.',
    'training.csvPaste': 'Hoặc dán nội dung CSV', 'training.upload': 'Kiểm tra và ghi danh', 'training.uploading': 'Đang gửi {pct}',
    'training.imported': 'Đã ghi danh {n} học viên.', 'training.rowErrors': 'Tệp có {n} lỗi — chưa ghi danh ai. Sửa các dòng dưới đây rồi gửi lại.',
    'training.row': 'Dòng', 'training.field': 'Cột', 'training.problem': 'Lỗi', 'training.template': 'Tải tệp mẫu', 'training.chooseFile': 'Chọn tệp',
    'training.enrolAdminOnly': 'Chỉ quản lý cơ sở được ghi danh học viên.',
    'training.role.station_staff': 'Nhân viên trạm y tế', 'training.role.nurse': 'Điều dưỡng', 'training.role.doctor': 'Bác sĩ', 'training.role.radiologist': 'Bác sĩ chẩn đoán hình ảnh',
    'training.role.pharmacist': 'Dược sĩ', 'training.role.manager': 'Quản lý', 'training.role.administrator': 'Cán bộ hành chính', 'training.role.lecturer': 'Giảng viên',
    'training.offline': 'Ngoại tuyến — {n} mục chờ gửi', 'training.online': 'Đang gửi {n} mục…', 'training.offlineReady': 'Đã lưu bài học để học khi mất mạng',
    'training.offlineSaved': 'Không có mạng: đã lưu, sẽ gửi khi có mạng lại', 'training.savedOffline': 'Bản lưu ngoại tuyến',
  },
  en: {
    'training.programme': 'Training programme', 'training.programmeIntro': 'Enrol learners from a CSV file and follow progress by role, facility and province.',
    'training.dashboard': 'Dashboard', 'training.enrolment': 'Enrolment',
    'training.enrolled': 'Enrolled', 'training.started': 'Started', 'training.completed': 'Completed', 'training.completion': 'Completion',
    'training.passRate': 'Post-test pass rate', 'training.overReliance': 'Over-reliance (CXR)', 'training.groupBy': 'Group by',
    'training.by.role': 'Role', 'training.by.facility': 'Facility', 'training.by.province': 'Province',
    'training.allProvinces': 'All provinces', 'training.allFacilities': 'All facilities', 'training.allRoles': 'All roles',
    'training.exportCsv': 'Download CSV', 'training.moduleGains': 'Pre → post scores by module', 'training.preCol': 'Pre', 'training.postCol': 'Post',
    'training.gainCol': 'Gain', 'training.hakeCol': 'Hake ⟨g⟩', 'training.hakeNote': '⟨g⟩ = (post mean − pre mean) / (1 − pre mean), Hake (1998): < 0.3 low, 0.3–0.7 medium, > 0.7 high.',
    'training.noLearners': 'No learners enrolled yet.', 'training.groups': 'Detail by province × facility × role',
    'training.csvFile': 'CSV file (UTF-8)', 'training.csvHelp': 'Columns: national_id (12-digit CCCD), full_name, role, facility_code, province, cohort, start_date (dd/mm/yyyy). A file with any bad row imports nothing.',
    'training.csvPaste': 'Or paste the CSV', 'training.upload': 'Check and enrol', 'training.uploading': 'Sending {pct}',
    'training.imported': 'Enrolled {n} learners.', 'training.rowErrors': 'The file has {n} problems — nobody was enrolled. Fix the rows below and send it again.',
    'training.row': 'Row', 'training.field': 'Column', 'training.problem': 'Problem', 'training.template': 'Download a template', 'training.chooseFile': 'Choose a file',
    'training.enrolAdminOnly': 'Only facility admins enrol learners.',
    'training.role.station_staff': 'Commune station staff', 'training.role.nurse': 'Nurse', 'training.role.doctor': 'Doctor', 'training.role.radiologist': 'Radiologist',
    'training.role.pharmacist': 'Pharmacist', 'training.role.manager': 'Manager', 'training.role.administrator': 'Administrator', 'training.role.lecturer': 'Lecturer',
    'training.offline': 'Offline — {n} queued', 'training.online': 'Sending {n} queued…', 'training.offlineReady': 'Lessons saved for offline study',
    'training.offlineSaved': 'No connection: saved, will be sent when back online', 'training.savedOffline': 'Offline copy',
  },
};

registerMessages(PROGRAMME_MESSAGES);
