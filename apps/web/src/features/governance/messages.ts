import { registerMessages } from '../../i18n/index.tsx';

registerMessages({
  vi: {
    'nav.governance': 'Quản trị AI', 'gov.registry': 'Danh mục công cụ AI', 'gov.tool': 'Công cụ', 'gov.version': 'Phiên bản', 'gov.risk': 'Mức rủi ro', 'gov.stage': 'Giai đoạn',
    'gov.risk.high': 'Cao', 'gov.risk.medium': 'Trung bình', 'gov.risk.low': 'Thấp',
    'gov.stage.sandbox': 'Thử nghiệm kín', 'gov.stage.shadow': 'Chạy ẩn', 'gov.stage.pilot': 'Thí điểm', 'gov.stage.general': 'Sử dụng chung', 'gov.stage.suspended': 'Tạm dừng', 'gov.stage.retired': 'Ngừng sử dụng',
    'gov.modelCard': 'Thẻ mô hình', 'gov.licence': 'Giấy phép', 'gov.rationale': 'Lý do phân loại', 'gov.portal': 'Thông báo cổng AI quốc gia', 'gov.history': 'Lịch sử giai đoạn', 'gov.versions': 'Các phiên bản',
    'gov.changeStage': 'Chuyển giai đoạn', 'gov.reason': 'Lý do', 'gov.reportId': 'Mã báo cáo hiệu năng', 'gov.save': 'Lưu', 'gov.kill': 'Tạm dừng khẩn cấp (mọi cơ sở)',
    'gov.killConfirm': 'Tạm dừng công cụ này ở mọi cơ sở ngay lập tức? Kết quả của nó sẽ bị ẩn với tất cả người dùng.', 'gov.confirm': 'Xác nhận', 'gov.cancel': 'Huỷ',
    'gov.performance': 'Hiệu năng thực tế', 'gov.finding': 'Dấu hiệu', 'gov.cases': 'Số ca', 'gov.metric': 'Chỉ số', 'gov.estimate': 'Ước lượng', 'gov.ci': 'KTC 95%',
    'gov.sensitivity': 'Độ nhạy', 'gov.specificity': 'Độ đặc hiệu', 'gov.ppv': 'Giá trị dự báo dương', 'gov.npv': 'Giá trị dự báo âm',
    'gov.roc': 'Đường cong ROC', 'gov.calibration': 'Hiệu chuẩn', 'gov.subgroups': 'Phân nhóm (độ nhạy)', 'gov.flagged': 'Vượt ngưỡng công bằng', 'gov.drift': 'Độ trôi',
    'gov.alerts': 'Cảnh báo', 'gov.noAlerts': 'Không có cảnh báo', 'gov.noData': 'Chưa đủ ca có nhãn', 'gov.report': 'Tải báo cáo đánh giá tác động (PDF)',
    'gov.incidents': 'Sự cố AI', 'gov.reportIncident': 'Báo cáo sự cố', 'gov.harm': 'Mức tổn hại', 'gov.harm.none': 'Không', 'gov.harm.minor': 'Nhẹ', 'gov.harm.moderate': 'Trung bình', 'gov.harm.severe': 'Nặng', 'gov.harm.death': 'Tử vong',
    'gov.description': 'Mô tả sự việc', 'gov.suspendToo': 'Tạm dừng công cụ (chỉ với sự cố nghiêm trọng)', 'gov.deadline': 'Hạn thông báo', 'gov.overdue': 'Quá hạn', 'gov.submit': 'Gửi',
    'gov.banner': 'Công cụ AI "{name}" đang bị tạm dừng: kết quả của nó bị ẩn. Lý do: {reason}', 'gov.shadowNote': 'Bao gồm kết quả chạy ẩn (không hiển thị cho bác sĩ).',
  },
  en: {
    'nav.governance': 'AI governance', 'gov.registry': 'AI tool registry', 'gov.tool': 'Tool', 'gov.version': 'Version', 'gov.risk': 'Risk tier', 'gov.stage': 'Stage',
    'gov.risk.high': 'High', 'gov.risk.medium': 'Medium', 'gov.risk.low': 'Low',
    'gov.stage.sandbox': 'Sandbox', 'gov.stage.shadow': 'Shadow', 'gov.stage.pilot': 'Pilot', 'gov.stage.general': 'General use', 'gov.stage.suspended': 'Suspended', 'gov.stage.retired': 'Retired',
    'gov.modelCard': 'Model card', 'gov.licence': 'Licence', 'gov.rationale': 'Risk rationale', 'gov.portal': 'National AI portal notification', 'gov.history': 'Stage history', 'gov.versions': 'Versions',
    'gov.changeStage': 'Change stage', 'gov.reason': 'Reason', 'gov.reportId': 'Performance report id', 'gov.save': 'Save', 'gov.kill': 'Emergency suspend (all facilities)',
    'gov.killConfirm': 'Suspend this tool at every facility now? Its output will be hidden from all users.', 'gov.confirm': 'Confirm', 'gov.cancel': 'Cancel',
    'gov.performance': 'Real-world performance', 'gov.finding': 'Finding', 'gov.cases': 'Cases', 'gov.metric': 'Metric', 'gov.estimate': 'Estimate', 'gov.ci': '95% CI',
    'gov.sensitivity': 'Sensitivity', 'gov.specificity': 'Specificity', 'gov.ppv': 'PPV', 'gov.npv': 'NPV',
    'gov.roc': 'ROC curve', 'gov.calibration': 'Calibration', 'gov.subgroups': 'Subgroups (sensitivity)', 'gov.flagged': 'Outside the fairness band', 'gov.drift': 'Drift',
    'gov.alerts': 'Alerts', 'gov.noAlerts': 'No alerts', 'gov.noData': 'Not enough labelled cases', 'gov.report': 'Download impact assessment report (PDF)',
    'gov.incidents': 'AI incidents', 'gov.reportIncident': 'Report an incident', 'gov.harm': 'Harm', 'gov.harm.none': 'None', 'gov.harm.minor': 'Minor', 'gov.harm.moderate': 'Moderate', 'gov.harm.severe': 'Severe', 'gov.harm.death': 'Death',
    'gov.description': 'What happened', 'gov.suspendToo': 'Suspend the tool (serious incidents only)', 'gov.deadline': 'Notification deadline', 'gov.overdue': 'Overdue', 'gov.submit': 'Submit',
    'gov.banner': 'AI tool "{name}" is suspended: its results are hidden. Reason: {reason}', 'gov.shadowNote': 'Shadow outputs included (never shown to clinicians).',
  },
});
