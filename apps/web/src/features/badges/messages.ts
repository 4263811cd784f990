import { registerMessages } from '../../i18n/index.tsx';

/** Badge strings, Vietnamese first (exported for the key-parity test). */
export const BADGE_MESSAGES = {
  vi: {
    'badges.nav': 'Chứng chỉ', 'badges.title': 'Chứng chỉ số (Open Badges 3.0)',
    'badges.subtitle': 'Chứng chỉ do cơ sở ký số khi học viên hoàn thành lộ trình đào tạo AI. Ai cũng xác minh được, kể cả khi không có Internet.',
    'badges.none': 'Chưa có chứng chỉ nào', 'badges.learner': 'Học viên', 'badges.achievement': 'Lộ trình', 'badges.issuedAt': 'Ngày cấp', 'badges.status': 'Trạng thái',
    'badges.active': 'Còn hiệu lực', 'badges.revoked': 'Đã thu hồi', 'badges.json': 'JSON', 'badges.pdf': 'PDF', 'badges.verifyLink': 'Xác minh',
    'badges.revoke': 'Thu hồi', 'badges.revokeReason': 'Lý do thu hồi', 'badges.revokeConfirm': 'Thu hồi chứng chỉ này? Danh sách trạng thái sẽ được ký lại; mọi người xác minh sẽ thấy "đã thu hồi".',
    'badges.rotate': 'Đổi khoá ký', 'badges.rotateDone': 'Đã đổi khoá. Chứng chỉ cũ vẫn hợp lệ với khoá cũ.', 'badges.cancel': 'Huỷ', 'badges.confirm': 'Xác nhận',
    'verify.title': 'Xác minh chứng chỉ', 'verify.subtitle': 'Kiểm tra chữ ký số (eddsa-rdfc-2022), thời hạn và trạng thái thu hồi của một chứng chỉ Open Badges 3.0.',
    'verify.paste': 'Dán nội dung JSON của chứng chỉ', 'verify.file': 'hoặc chọn tệp .json', 'verify.check': 'Xác minh', 'verify.checking': 'Đang xác minh…',
    'verify.valid': 'Chứng chỉ hợp lệ', 'verify.invalid': 'Chứng chỉ không hợp lệ',
    'verify.reason.valid': 'Chữ ký đúng, còn thời hạn, chưa bị thu hồi.', 'verify.reason.malformed': 'Sai định dạng', 'verify.reason.signature invalid': 'Chữ ký không hợp lệ: nội dung đã bị sửa hoặc không do đơn vị này ký.',
    'verify.reason.not yet valid': 'Chưa đến ngày hiệu lực', 'verify.reason.expired': 'Đã hết hạn', 'verify.reason.revoked': 'Đã bị đơn vị cấp thu hồi', 'verify.reason.status list invalid': 'Danh sách trạng thái không hợp lệ',
    'verify.learner': 'Học viên', 'verify.achievement': 'Lộ trình', 'verify.issuer': 'Đơn vị cấp', 'verify.validFrom': 'Hiệu lực từ', 'verify.validUntil': 'Hết hạn', 'verify.did': 'Khoá ký (did:key)',
    'verify.key': 'Khoá của cơ sở', 'verify.keyCurrent': 'khoá hiện hành', 'verify.keyRetired': 'khoá cũ (đã đổi), ký trong thời hạn của khoá', 'verify.keyUnknown': 'Khoá này không thuộc cơ sở nào trên máy chủ này.',
    'verify.statusUnchecked': 'Chưa kiểm tra được trạng thái thu hồi: danh sách trạng thái không thuộc máy chủ này.', 'verify.notJson': 'Nội dung không phải JSON hợp lệ', 'verify.notFound': 'Không tìm thấy chứng chỉ',
    'verify.offline': 'Không có mạng? Dùng lệnh: npm run --silent badge -- verify TỆP.json',
  },
  en: {
    'badges.nav': 'Certificates', 'badges.title': 'Digital certificates (Open Badges 3.0)',
    'badges.subtitle': 'Credentials the facility signs when a learner completes an AI training path. Anyone can verify them, even without internet.',
    'badges.none': 'No certificates yet', 'badges.learner': 'Learner', 'badges.achievement': 'Path', 'badges.issuedAt': 'Issued', 'badges.status': 'Status',
    'badges.active': 'Active', 'badges.revoked': 'Revoked', 'badges.json': 'JSON', 'badges.pdf': 'PDF', 'badges.verifyLink': 'Verify',
    'badges.revoke': 'Revoke', 'badges.revokeReason': 'Reason for revocation', 'badges.revokeConfirm': 'Revoke this certificate? The status list is re-signed; every verifier will see "revoked".',
    'badges.rotate': 'Rotate signing key', 'badges.rotateDone': 'Key rotated. Earlier certificates stay valid under the old key.', 'badges.cancel': 'Cancel', 'badges.confirm': 'Confirm',
    'verify.title': 'Verify a certificate', 'verify.subtitle': 'Checks the digital signature (eddsa-rdfc-2022), validity period and revocation status of an Open Badges 3.0 credential.',
    'verify.paste': "Paste the certificate's JSON", 'verify.file': 'or choose a .json file', 'verify.check': 'Verify', 'verify.checking': 'Verifying…',
    'verify.valid': 'Valid certificate', 'verify.invalid': 'Invalid certificate',
    'verify.reason.valid': 'Signature correct, within its validity period, not revoked.', 'verify.reason.malformed': 'Malformed', 'verify.reason.signature invalid': 'Signature invalid: the content was changed or not signed by this issuer.',
    'verify.reason.not yet valid': 'Not yet valid', 'verify.reason.expired': 'Expired', 'verify.reason.revoked': 'Revoked by the issuer', 'verify.reason.status list invalid': 'Status list invalid',
    'verify.learner': 'Learner', 'verify.achievement': 'Path', 'verify.issuer': 'Issuer', 'verify.validFrom': 'Valid from', 'verify.validUntil': 'Valid until', 'verify.did': 'Signing key (did:key)',
    'verify.key': "Facility's key", 'verify.keyCurrent': 'current key', 'verify.keyRetired': 'earlier (rotated) key, signed within its validity', 'verify.keyUnknown': 'This key belongs to no facility on this server.',
    'verify.statusUnchecked': 'Revocation not checked: the status list is not one this server holds.', 'verify.notJson': 'Not valid JSON', 'verify.notFound': 'Certificate not found',
    'verify.offline': 'No network? Run: npm run --silent badge -- verify FILE.json',
  },
};
registerMessages(BADGE_MESSAGES);
