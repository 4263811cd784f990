import { registerMessages } from '../../i18n/index.tsx';

/** Referral (chuyển tuyến) strings, Vietnamese first. */
export const REFERRAL_MESSAGES = {
  vi: {
    'referrals.nav': 'Chuyển tuyến', 'referrals.title': 'Hộp nhận chuyển tuyến', 'referrals.facility': 'Cơ sở nhận', 'referrals.none': 'Không có ca chuyển tuyến',
    'referrals.patient': 'Người bệnh', 'referrals.from': 'Nơi chuyển', 'referrals.sentAt': 'Thời gian chuyển', 'referrals.state': 'Trạng thái',
    'referrals.diagnosis': 'Chẩn đoán', 'referrals.reason': 'Lý do chuyển tuyến', 'referrals.treatment': 'Điều trị đã dùng', 'referrals.condition': 'Tình trạng lúc chuyển',
    'referrals.transport': 'Phương tiện vận chuyển', 'referrals.staff': 'Người hộ tống', 'referrals.bhyt': 'Số thẻ BHYT', 'referrals.paper': 'In giấy chuyển tuyến (PDF)',
    'referrals.state.sent': 'Đã gửi', 'referrals.state.received': 'Đã tiếp nhận', 'referrals.state.arrived': 'Người bệnh đã đến', 'referrals.state.treated': 'Đã điều trị',
    'referrals.state.counter_referral_returned': 'Đã phản hồi tuyến dưới', 'referrals.state.cancelled': 'Đã hủy',
    'referrals.to.received': 'Tiếp nhận', 'referrals.to.arrived': 'Người bệnh đã đến', 'referrals.to.treated': 'Đã điều trị',
    'referrals.to.counter_referral_returned': 'Gửi phiếu phản hồi', 'referrals.to.cancelled': 'Hủy / từ chối',
    'referrals.advice': 'Hướng dẫn cho tuyến dưới', 'referrals.followUp': 'Kế hoạch theo dõi', 'referrals.cancelReason': 'Lý do hủy',
    'referrals.counter': 'Phiếu phản hồi', 'referrals.panel': 'Chuyển tuyến và phản hồi', 'referrals.back': 'Quay lại',
  },
  en: {
    'referrals.nav': 'Referrals', 'referrals.title': 'Referral inbox', 'referrals.facility': 'Receiving facility', 'referrals.none': 'No referrals',
    'referrals.patient': 'Patient', 'referrals.from': 'From', 'referrals.sentAt': 'Sent', 'referrals.state': 'State',
    'referrals.diagnosis': 'Diagnosis', 'referrals.reason': 'Reason for referral', 'referrals.treatment': 'Treatment given', 'referrals.condition': 'Condition at transfer',
    'referrals.transport': 'Means of transport', 'referrals.staff': 'Accompanying staff', 'referrals.bhyt': 'Insurance card (BHYT)', 'referrals.paper': 'Print referral paper (PDF)',
    'referrals.state.sent': 'Sent', 'referrals.state.received': 'Received', 'referrals.state.arrived': 'Patient arrived', 'referrals.state.treated': 'Treated',
    'referrals.state.counter_referral_returned': 'Counter-referral returned', 'referrals.state.cancelled': 'Cancelled',
    'referrals.to.received': 'Acknowledge', 'referrals.to.arrived': 'Patient arrived', 'referrals.to.treated': 'Treated',
    'referrals.to.counter_referral_returned': 'Send counter-referral', 'referrals.to.cancelled': 'Cancel / refuse',
    'referrals.advice': 'Advice for the station', 'referrals.followUp': 'Follow-up plan', 'referrals.cancelReason': 'Reason for cancelling',
    'referrals.counter': 'Counter-referral', 'referrals.panel': 'Referrals and counter-referrals', 'referrals.back': 'Back',
  },
};
registerMessages(REFERRAL_MESSAGES);
