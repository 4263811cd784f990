import { registerMessages } from '../../i18n/index.tsx';

/** Network dashboard strings, Vietnamese first (exported for the key-parity test). */
export const NETWORK_MESSAGES = {
  vi: {
    'network.nav': 'Mạng lưới', 'network.title': 'Mạng lưới trạm y tế toàn quốc', 'network.provinceTitle': 'Tỉnh/thành phố {name}',
    'network.back': 'Toàn quốc', 'network.period': 'Khoảng thời gian', 'network.days30': '30 ngày qua', 'network.days90': '90 ngày qua', 'network.days365': '12 tháng qua',
    'network.csv': 'Tải CSV', 'network.aggregateNote': 'Chỉ số tổng hợp: không có dữ liệu của người bệnh nào rời khỏi tỉnh.',
    'network.stationsLive': 'Trạm đang kết nối', 'network.visits': 'Lượt khám', 'network.htnCoverage': 'Sàng lọc THA', 'network.dmCoverage': 'Sàng lọc ĐTĐ',
    'network.cvdCoverage': 'Đánh giá nguy cơ tim mạch', 'network.nutritionCoverage': 'Dinh dưỡng trẻ < 5 tuổi', 'network.tbPer1000': 'Sàng lọc lao / 1.000 dân',
    'network.overrideRate': 'Tỷ lệ bác bỏ gợi ý AI', 'network.aiUse': 'Gợi ý AI đã quyết định', 'network.alerts': 'Cảnh báo', 'network.meanAck': 'Thời gian phản hồi cảnh báo TB',
    'network.referrals': 'Chuyển tuyến', 'network.queue': 'Thay đổi đang chờ', 'network.lag': 'Độ trễ lớn nhất', 'network.minutes': '{n} phút',
    'network.map': 'Bản đồ (mỗi ô một tỉnh/thành)', 'network.mapMetric': 'Tô màu theo', 'network.metric.live': 'Tỷ lệ trạm đang kết nối', 'network.metric.htn': 'Độ bao phủ sàng lọc THA',
    'network.metric.visits': 'Lượt khám', 'network.metric.override': 'Tỷ lệ bác bỏ gợi ý AI', 'network.noStations': 'chưa có trạm',
    'network.coverageChart': 'Độ bao phủ sàng lọc so với dân số đích', 'network.linkChart': 'Tình trạng kết nối của trạm',
    'network.provinces': 'Các tỉnh/thành', 'network.province': 'Tỉnh/thành', 'network.stations': 'Trạm', 'network.station': 'Trạm/cơ sở', 'network.commune': 'Xã/phường',
    'network.link': 'Kết nối', 'network.lastSync': 'Đồng bộ lần cuối', 'network.never': 'chưa bao giờ', 'network.tools': 'Công cụ AI (thí điểm/triển khai/tạm dừng)',
    'network.link.live': 'Đang kết nối', 'network.link.late': 'Chậm (< 24 giờ)', 'network.link.offline': 'Mất kết nối', 'network.link.never': 'Chưa đồng bộ', 'network.link.local': 'Không đồng bộ',
    'network.population': 'Dân số', 'network.empty': 'Chưa có cơ sở nào của tỉnh trong sổ đăng ký mạng lưới.', 'network.loading': 'Đang tải…',
    'network.reviews': 'Xung đột đồng bộ cần xem xét',
  },
  en: {
    'network.nav': 'Network', 'network.title': 'National network of health stations', 'network.provinceTitle': 'Province {name}',
    'network.back': 'National', 'network.period': 'Period', 'network.days30': 'Last 30 days', 'network.days90': 'Last 90 days', 'network.days365': 'Last 12 months',
    'network.csv': 'Download CSV', 'network.aggregateNote': 'Aggregate indicators only: no patient data leaves a province.',
    'network.stationsLive': 'Stations live', 'network.visits': 'Visits', 'network.htnCoverage': 'Hypertension screening', 'network.dmCoverage': 'Diabetes screening',
    'network.cvdCoverage': 'CVD risk assessment', 'network.nutritionCoverage': 'Child nutrition (< 5 years)', 'network.tbPer1000': 'TB screening per 1,000',
    'network.overrideRate': 'AI override rate', 'network.aiUse': 'AI suggestions decided', 'network.alerts': 'Alerts', 'network.meanAck': 'Mean alert response',
    'network.referrals': 'Referrals', 'network.queue': 'Changes waiting', 'network.lag': 'Largest lag', 'network.minutes': '{n} min',
    'network.map': 'Map (one tile per province)', 'network.mapMetric': 'Colour by', 'network.metric.live': 'Share of stations live', 'network.metric.htn': 'Hypertension screening coverage',
    'network.metric.visits': 'Visits', 'network.metric.override': 'AI override rate', 'network.noStations': 'no stations',
    'network.coverageChart': 'Screening coverage against the target population', 'network.linkChart': 'Station links',
    'network.provinces': 'Provinces', 'network.province': 'Province', 'network.stations': 'Stations', 'network.station': 'Station/facility', 'network.commune': 'Commune/ward',
    'network.link': 'Link', 'network.lastSync': 'Last sync', 'network.never': 'never', 'network.tools': 'AI tools (pilot/general/suspended)',
    'network.link.live': 'Live', 'network.link.late': 'Late (< 24 h)', 'network.link.offline': 'Offline', 'network.link.never': 'Never synced', 'network.link.local': 'No sync link',
    'network.population': 'Population', 'network.empty': 'No facility of this province is in the network registry yet.', 'network.loading': 'Loading…',
    'network.reviews': 'Sync conflicts to review',
  },
};
registerMessages(NETWORK_MESSAGES);
