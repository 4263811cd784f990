/**
 * The audit log stores English codes (action, resource type); the viewer shows them in the UI
 * language. An unknown code is shown as it is, in a code font, never passed off as a translation.
 */
export const ACTIONS: Record<string, { vi: string; en: string }> = {
  create: { vi: 'Tạo', en: 'Create' }, read: { vi: 'Xem', en: 'Read' }, update: { vi: 'Sửa', en: 'Update' }, delete: { vi: 'Xoá', en: 'Delete' },
  search: { vi: 'Tìm kiếm', en: 'Search' }, list: { vi: 'Xem danh sách', en: 'List' }, login: { vi: 'Đăng nhập', en: 'Login' }, access: { vi: 'Truy cập', en: 'Access' },
  export: { vi: 'Xuất dữ liệu', en: 'Export' }, deactivate: { vi: 'Khoá tài khoản', en: 'Deactivate' }, reactivate: { vi: 'Mở khoá tài khoản', en: 'Reactivate' },
  reset_password: { vi: 'Đặt lại mật khẩu', en: 'Reset password' }, change_password: { vi: 'Đổi mật khẩu', en: 'Change password' }, end_sessions: { vi: 'Kết thúc phiên', en: 'End sessions' },
  revoke_key: { vi: 'Thu hồi khoá', en: 'Revoke key' }, release: { vi: 'Bỏ gán', en: 'Release' }, assign: { vi: 'Gán', en: 'Assign' }, decide: { vi: 'Quyết định', en: 'Decide' },
  acknowledge: { vi: 'Xác nhận', en: 'Acknowledge' }, ingest: { vi: 'Nhận số đo', en: 'Ingest' }, first_impression: { vi: 'Ấn tượng ban đầu', en: 'First impression' },
  escalate: { vi: 'Báo lên cấp trên', en: 'Escalate' }, suspend: { vi: 'Tạm dừng', en: 'Suspend' }, stage: { vi: 'Đổi giai đoạn', en: 'Change stage' }, revoke: { vi: 'Thu hồi', en: 'Revoke' },
  issue: { vi: 'Cấp', en: 'Issue' }, verify: { vi: 'Xác minh', en: 'Verify' }, token: { vi: 'Cấp token', en: 'Token' }, match: { vi: 'Ghép', en: 'Match' }, enrol: { vi: 'Ghi danh', en: 'Enrol' },
  seed: { vi: 'Nạp dữ liệu mẫu', en: 'Seed' }, notify: { vi: 'Thông báo', en: 'Notify' }, deny: { vi: 'Từ chối', en: 'Deny' }, rotate: { vi: 'Xoay khoá', en: 'Rotate' }, version: { vi: 'Phiên bản', en: 'Version' },
};

export const RESOURCES: Record<string, { vi: string; en: string }> = {
  Patient: { vi: 'Người bệnh', en: 'Patient' }, Observation: { vi: 'Số đo', en: 'Observation' }, Encounter: { vi: 'Lần khám', en: 'Encounter' }, ImagingStudy: { vi: 'Ca chụp', en: 'Imaging study' },
  ImagingInstance: { vi: 'Ảnh chụp', en: 'Image' }, ImagingReport: { vi: 'Kết quả đọc phim', en: 'Imaging report' }, DiagnosticReport: { vi: 'Báo cáo chẩn đoán', en: 'Diagnostic report' },
  Referral: { vi: 'Chuyển tuyến', en: 'Referral' }, ReferralInbox: { vi: 'Hộp chuyển tuyến', en: 'Referral inbox' }, User: { vi: 'Tài khoản', en: 'User account' }, session: { vi: 'Phiên đăng nhập', en: 'Session' },
  Appointment: { vi: 'Lịch hẹn', en: 'Appointment' }, Triage: { vi: 'Phân loại', en: 'Triage' }, TriageQueue: { vi: 'Hàng đợi phân loại', en: 'Triage queue' }, Screening: { vi: 'Sàng lọc', en: 'Screening' },
  Suggestion: { vi: 'Gợi ý', en: 'Suggestion' }, Alert: { vi: 'Cảnh báo', en: 'Alert' }, Device: { vi: 'Thiết bị', en: 'Device' }, Route: { vi: 'Đường dẫn', en: 'Route' },
  AuditLog: { vi: 'Nhật ký truy cập', en: 'Access log' }, PersonalDataExport: { vi: 'Xuất dữ liệu cá nhân', en: 'Personal data export' }, FacilitySetting: { vi: 'Cài đặt cơ sở', en: 'Facility settings' },
  ImagingSetting: { vi: 'Cài đặt CĐHA', en: 'Imaging settings' }, AiTool: { vi: 'Công cụ AI', en: 'AI tool' }, Incident: { vi: 'Sự cố', en: 'Incident' }, Badge: { vi: 'Chứng nhận', en: 'Badge' },
  Claim: { vi: 'Hồ sơ BHYT', en: 'Claim' }, RiskAssessment: { vi: 'Đánh giá nguy cơ', en: 'Risk assessment' }, AssistantDocument: { vi: 'Tài liệu trợ lý', en: 'Assistant document' },
  Facility: { vi: 'Cơ sở', en: 'Facility' }, OAuthClient: { vi: 'Ứng dụng OAuth', en: 'OAuth client' }, TrainingExemption: { vi: 'Miễn đào tạo', en: 'Training exemption' }, TrainingEnrolment: { vi: 'Ghi danh đào tạo', en: 'Training enrolment' },
};

export const labelOf = (map: Record<string, { vi: string; en: string }>, code: string, lang: 'vi' | 'en') => map[code]?.[lang] ?? null;
