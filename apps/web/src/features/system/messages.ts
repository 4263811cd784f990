import { registerMessages } from '../../i18n/index.tsx';

/** The system notice's strings, Vietnamese first. */
export const systemMessages = {
  vi: {
    'system.starting': 'Máy chủ đang khởi động…',
    'system.startingHint': 'Lần chạy đầu tiên cần tạo cơ sở dữ liệu; trang sẽ dùng được sau ít giây.',
    'system.unreachable': 'Không kết nối được máy chủ: có thể máy chủ đang khởi động lại. Đang thử lại…',
    'system.demoLoading': 'Đang tải dữ liệu mẫu: {done}/{total}',
    'system.demoLoadingHint': 'Bạn vẫn dùng được hệ thống trong lúc chờ; màn hình quản trị AI và chẩn đoán hình ảnh sẽ đầy đủ khi tải xong.',
    'system.demoAbsent': 'Không có dữ liệu mẫu chẩn đoán hình ảnh và quản trị AI',
    'system.demoAbsentHint': 'Thiếu thư mục ../shared (bộ dữ liệu công khai NIH ChestX-ray14, kết quả CheXNet). Xem README, mục "../shared: reference tables and datasets"; scripts/assemble-shared.mjs tải và ghép từ nguồn công khai.',
    'system.demoFailed': 'Tải dữ liệu mẫu không thành công',
    'system.dismiss': 'Ẩn',
  },
  en: {
    'system.starting': 'The server is starting…',
    'system.startingHint': 'A first start creates the database; the page is usable in a few seconds.',
    'system.unreachable': 'The server does not answer: it may be restarting. Retrying…',
    'system.demoLoading': 'Loading demo data: {done}/{total}',
    'system.demoLoadingHint': 'You can use the system meanwhile; the AI governance and imaging screens are complete once it is loaded.',
    'system.demoAbsent': 'No imaging or AI governance demo data',
    'system.demoAbsentHint': 'The ../shared folder is missing (the public NIH ChestX-ray14 sample, CheXNet outputs). See the README, section "../shared: reference tables and datasets"; scripts/assemble-shared.mjs fetches and assembles it from the public sources.',
    'system.demoFailed': 'Loading the demo data failed',
    'system.dismiss': 'Hide',
  },
};
registerMessages(systemMessages);
