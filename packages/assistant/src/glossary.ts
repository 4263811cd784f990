/**
 * Bilingual glossary of hospital terms for query expansion (Vietnamese ↔ English, plus common
 * Vietnamese synonyms). Each group lists interchangeable phrases; a question that contains one phrase
 * also searches for the others, so an English question finds Vietnamese passages and vice versa.
 * Written for this project from general hospital vocabulary (Vietnamese MOH service names, BHYT terms);
 * phrases are stored with diacritics for reading and folded at load.
 */
import { hasVietnameseMarks, STOP_WORDS, tokenize, type TextLang } from './normalize.ts';

const GROUPS: string[][] = [
  // places and services
  ['hospital', 'bệnh viện', 'bv'],
  ['commune health station', 'health station', 'trạm y tế', 'trạm y tế xã', 'tyt'],
  ['commune', 'xã', 'phường'],
  ['emergency department', 'emergency room', 'emergency', 'a&e', 'khoa cấp cứu', 'cấp cứu'],
  ['pharmacy', 'drugstore', 'nhà thuốc', 'quầy thuốc', 'hiệu thuốc'],
  ['laboratory', 'lab', 'blood test', 'test', 'tests', 'testing', 'xét nghiệm', 'lấy mẫu', 'lấy máu', 'thử máu'],
  ['sample', 'specimen', 'mẫu', 'bệnh phẩm'],
  ['blood', 'máu'],
  ['urine', 'nước tiểu'],
  ['blood sugar', 'glucose', 'đường huyết', 'đường máu'],
  ['cholesterol', 'lipid', 'blood fat', 'mỡ máu'],
  ['complete blood count', 'full blood count', 'blood count', 'cbc', 'công thức máu'],
  ['imaging', 'radiology', 'diagnostic imaging', 'chẩn đoán hình ảnh'],
  ['x-ray', 'x ray', 'xray', 'radiograph', 'x-quang', 'x quang', 'chụp phim'],
  ['ultrasound', 'sonography', 'siêu âm'],
  ['ct', 'ct scan', 'cat scan', 'cắt lớp vi tính', 'chụp ct', 'cắt lớp'],
  ['mri', 'magnetic resonance', 'cộng hưởng từ', 'chụp mri'],
  ['endoscopy', 'gastroscopy', 'nội soi', 'nội soi dạ dày'],
  ['stomach', 'gastric', 'dạ dày'],
  ['abdomen', 'abdominal', 'belly', 'ổ bụng', 'bụng'],
  ['chest', 'thorax', 'ngực'],
  ['head', 'brain', 'skull', 'sọ não'],
  ['contrast', 'contrast agent', 'thuốc cản quang', 'cản quang'],
  ['anaesthesia', 'anesthesia', 'sedation', 'gây mê', 'gây tê'],
  ['vaccination', 'vaccinations', 'vaccine', 'vaccines', 'immunisation', 'immunization', 'immunizations', 'shot', 'shots', 'jab', 'tiêm chủng', 'tiêm phòng', 'vắc xin', 'vacxin', 'tiêm'],
  ['routine vaccination', 'expanded programme on immunization', 'epi', 'tiêm chủng mở rộng'],
  ['flu', 'influenza', 'cúm'],
  ['injection', 'tiêm', 'mũi'],
  ['outpatient', 'outpatient clinic', 'khám ngoại trú', 'phòng khám', 'khám bệnh'],
  ['inpatient', 'ward', 'nội trú', 'khu nội trú'],
  ['clinic', 'consultation room', 'phòng khám'],
  ['consultation', 'examination', 'check-up', 'check ups', 'checkups', 'checkup', 'see a doctor', 'appointment', 'khám', 'khám bệnh'],
  ['on-demand', 'on demand', 'private consultation', 'vip', 'service', 'khám theo yêu cầu', 'theo yêu cầu', 'dịch vụ'],
  ['intensive care', 'icu', 'critical care', 'hồi sức', 'hồi sức tích cực'],
  ['paediatrics', 'pediatrics', 'children', 'child', 'kids', 'childhood', 'baby', 'infant', 'nhi', 'khoa nhi', 'trẻ', 'trẻ em', 'em bé'],
  ['obstetrics', 'gynaecology', 'gynecology', 'maternity', 'sản', 'phụ sản', 'sản khoa'],
  ['antenatal', 'prenatal', 'pregnancy', 'pregnant', 'khám thai', 'mang thai', 'có thai', 'thai'],
  ['surgery', 'surgical', 'operation', 'khoa ngoại', 'phẫu thuật'],
  ['internal medicine', 'nội khoa', 'nội tổng hợp', 'khoa nội'],
  ['ent', 'ear nose throat', 'ear, nose and throat', 'tai mũi họng'],
  ['eye', 'eyes', 'ophthalmology', 'khoa mắt', 'khám mắt', 'nhãn khoa'],
  ['dental', 'dentist', 'teeth', 'tooth', 'nha khoa', 'răng', 'răng hàm mặt'],
  ['dermatology', 'skin', 'da liễu'],
  ['acupuncture', 'châm cứu'],
  ['traditional medicine', 'đông y', 'y học cổ truyền'],
  ['physiotherapy', 'rehabilitation', 'vật lý trị liệu', 'phục hồi chức năng'],
  ['dialysis', 'chạy thận', 'lọc máu', 'thận nhân tạo'],
  ['canteen', 'cafeteria', 'food', 'căng tin', 'nhà ăn', 'căn tin'],
  ['parking', 'car park', 'park', 'parking lot', 'gửi xe', 'bãi xe', 'giữ xe', 'đỗ xe', 'đậu xe', 'bãi đậu', 'nhà xe', 'trông xe'],
  ['motorbike', 'motorcycle', 'scooter', 'xe máy'],
  ['car', 'cars', 'ô tô', 'xe hơi'],
  ['wifi', 'wi-fi', 'internet', 'wifi khách'],
  ['password', 'mật khẩu'],
  ['toilet', 'restroom', 'bathroom', 'nhà vệ sinh'],
  ['elevator', 'lift', 'thang máy'],
  ['gate', 'entrance', 'cổng', 'lối vào'],
  ['building', 'block', 'tòa', 'tòa nhà', 'khu'],
  ['floor', 'storey', 'level', 'tầng'],
  ['ground floor', 'tầng 1', 'tầng trệt'],
  ['room', 'phòng'],
  ['counter', 'desk', 'quầy'],
  ['reception', 'registration', 'register', 'check in', 'check-in', 'tiếp đón', 'đăng ký', 'đăng ký khám'],
  ['queue number', 'queue ticket', 'ticket', 'lấy số', 'phát số', 'bốc số'],
  ['kiosk', 'ki-ốt'],
  ['cashier', 'pay', 'payment', 'thu ngân', 'nộp tiền', 'thanh toán', 'trả tiền'],
  ['invoice', 'receipt', 'bill', 'hóa đơn'],
  ['address', 'location', 'located', 'where', 'địa chỉ', 'ở đâu', 'vị trí'],
  ['hotline', 'switchboard', 'phone', 'telephone', 'phone number', 'call', 'tổng đài', 'điện thoại', 'số điện thoại', 'đường dây nóng', 'gọi'],
  ['identity card', 'id card', 'id', 'citizen id', 'căn cước', 'cccd', 'cmnd', 'vneid'],
  // insurance and referral
  ['health insurance', 'insurance', 'bhyt', 'bảo hiểm y tế', 'bảo hiểm', 'thẻ bhyt'],
  ['referral', 'referral letter', 'transfer letter', 'giấy chuyển tuyến', 'chuyển tuyến', 'chuyển viện'],
  ['valid', 'validity', 'expire', 'expires', 'how long', 'giá trị', 'có giá trị', 'hiệu lực', 'thời hạn', 'dùng được'],
  ['poor household', 'poor', 'hộ nghèo', 'nghèo'],
  ['near-poor', 'near poor', 'cận nghèo'],
  ['pension', 'retired', 'lương hưu', 'hưu trí'],
  ['veteran', 'người có công'],
  ['percent', 'percentage', '%', 'phần trăm'],
  ['pay', 'pays', 'co-pay', 'copay', 'out of pocket', 'tự trả', 'người bệnh trả', 'đồng chi trả', 'chi trả'],
  ['covered', 'coverage', 'reimbursed', 'mức hưởng', 'quỹ bhyt trả', 'được hưởng', 'thanh toán'],
  // time and money
  ['price', 'prices', 'cost', 'costs', 'fee', 'fees', 'charge', 'how much', 'giá', 'bảng giá', 'chi phí', 'phí', 'bao nhiêu tiền', 'giá tiền', 'hết bao nhiêu'],
  ['free', 'free of charge', 'miễn phí'],
  ['opening hours', 'open', 'opens', 'opening', 'hours', 'working hours', 'mở cửa', 'mở', 'giờ mở cửa', 'giờ làm việc', 'hoạt động', 'giờ khám'],
  ['close', 'closed', 'closes', 'closing', 'stop', 'stops', 'last admission', 'đóng cửa', 'đóng', 'nghỉ', 'ngừng nhận', 'ngừng'],
  ['office hours', 'business hours', 'giờ hành chính'],
  ['24 hours', '24/7', 'all day', 'day and night', 'around the clock', '24/24', '24 giờ', 'cả ngày đêm'],
  ['night', 'at night', 'overnight', 'evening', 'ban đêm', 'đêm', 'buổi tối', 'ngoài giờ', 'giờ tối', '24/24', '24 giờ', '24 hours', '24/7'],
  ['morning', 'sáng', 'buổi sáng'],
  ['noon', 'midday', 'lunchtime', 'trưa', 'buổi trưa'],
  ['afternoon', 'chiều', 'buổi chiều'],
  ['weekend', 'cuối tuần', 'thứ bảy', 'chủ nhật'],
  ['saturday', 'thứ bảy', 'thứ 7'],
  ['sunday', 'chủ nhật'],
  ['monday', 'thứ hai', 'thứ 2'],
  ['tuesday', 'thứ ba', 'thứ 3'],
  ['wednesday', 'thứ tư', 'thứ 4'],
  ['thursday', 'thứ năm', 'thứ 5'],
  ['friday', 'thứ sáu', 'thứ 6'],
  ['every day', 'daily', 'all days', 'hằng ngày', 'hàng ngày', 'tất cả các ngày', 'mỗi ngày'],
  ['monthly', 'every month', 'each month', 'of the month', 'month', 'hằng tháng', 'hàng tháng', 'tháng'],
  ['weekly', 'every week', 'week', 'hằng tuần', 'hàng tuần', 'tuần'],
  ['day', 'days', 'date', 'dates', 'ngày'],
  ['time', 'what time', 'when', 'hour', 'giờ', 'mấy giờ', 'lúc nào', 'khi nào', 'thời gian'],
  ['minute', 'minutes', 'phút'],
  ['result', 'results', 'ready', 'kết quả', 'trả kết quả', 'có kết quả'],
  ['collect', 'pick up', 'receive', 'nhận kết quả', 'lấy kết quả'],
  // visiting and care
  ['visit', 'visiting', 'visitor', 'visitors', 'visiting hours', 'thăm', 'thăm bệnh', 'giờ thăm', 'người thăm', 'vào thăm', 'thăm nuôi'],
  ['relative', 'relatives', 'family', 'family member', 'người nhà', 'gia đình', 'thân nhân'],
  ['caregiver', 'carer', 'attendant', 'người nuôi bệnh', 'nuôi bệnh', 'người chăm sóc'],
  ['deposit', 'đặt cọc', 'tiền cọc'],
  ['patient', 'patients', 'người bệnh', 'bệnh nhân'],
  ['doctor', 'physician', 'bác sĩ'],
  ['nurse', 'điều dưỡng', 'y tá'],
  ['pharmacist', 'dược sĩ'],
  ['staff', 'nhân viên', 'cán bộ'],
  ['english-speaking', 'english', 'foreigner', 'foreign', 'tiếng anh', 'người nước ngoài'],
  ['prescription', 'đơn thuốc', 'kê đơn'],
  ['medicine', 'medicines', 'medication', 'drug', 'drugs', 'thuốc'],
  ['antibiotic', 'antibiotics', 'kháng sinh'],
  // preparation
  ['fasting', 'fast', 'empty stomach', 'nothing to eat', 'nhịn ăn', 'lúc đói', 'khi đói', 'bụng đói', 'nhịn đói'],
  ['drink', 'water', 'uống', 'nước', 'nước lọc'],
  ['metal', 'jewellery', 'jewelry', 'kim loại', 'trang sức'],
  ['pacemaker', 'máy tạo nhịp', 'máy tạo nhịp tim'],
  ['book', 'booking', 'schedule', 'appointment', 'đặt lịch', 'hẹn', 'lịch hẹn'],
  ['bring', 'carry', 'documents needed', 'mang', 'mang theo', 'xuất trình', 'giấy tờ'],
  ['original', 'bản gốc', 'bản chính'],
  ['photocopy', 'copy', 'bản photo', 'bản sao'],
  ['priority', 'prioritised', 'elderly', 'disabled', 'ưu tiên', 'người cao tuổi', 'người khuyết tật'],
  ['triage', 'phân loại'],
  ['fever', 'sốt'],
  ['postpone', 'delay', 'defer', 'hoãn'],
  ['observe', 'monitoring', 'wait after', 'theo dõi'],
  ['vaccination record', 'vaccination book', 'immunisation card', 'sổ tiêm chủng', 'sổ tiêm'],
  ['birth', 'gave birth', 'delivery', 'sau sinh', 'sinh con', 'đẻ'],
  ['death certificate', 'giấy báo tử'],
  ['birth certificate', 'giấy chứng sinh'],
  ['medical certificate', 'sick note', 'giấy khám sức khỏe', 'giấy nghỉ ốm'],
  ['health check', 'health examination', 'khám sức khỏe'],
  ['complaint', 'feedback', 'khiếu nại', 'góp ý', 'phản ánh'],
  ['discharge', 'ra viện', 'xuất viện'],
  ['admission', 'admitted', 'nhập viện'],
  ['card', 'bank card', 'credit card', 'debit card', 'visa', 'mastercard', 'thẻ ngân hàng', 'thẻ atm', 'quẹt thẻ', 'thẻ visa'],
  ['cash', 'tiền mặt'],
  ['private insurance', 'international insurance', 'guarantee letter', 'direct billing', 'bảo hiểm tư nhân', 'bảo hiểm quốc tế', 'bảo lãnh', 'bảo lãnh viện phí'],
  ['vat invoice', 'e-invoice', 'tax invoice', 'hóa đơn điện tử', 'hóa đơn đỏ', 'hóa đơn gtgt'],
  ['information desk', 'help desk', 'enquiries', 'inquiries', 'quầy thông tin', 'quầy hướng dẫn', 'bàn hướng dẫn'],
  ['shuttle', 'shuttle bus', 'xe đưa đón', 'xe trung chuyển'],
  ['lost and found', 'lost property', 'đồ thất lạc', 'mất đồ'],
  ['waiting room', 'waiting area', 'phòng chờ', 'khu chờ'],
  ['convenience store', 'shop', 'store', 'cửa hàng tiện lợi', 'siêu thị', 'cửa hàng'],
  ['drinking water', 'water fountain', 'nước uống', 'cây nước'],
  ['rent', 'rental', 'hire', 'thuê', 'cho thuê'],
  ['pets', 'pet', 'dogs', 'thú cưng', 'chó mèo'],
  ['counselling', 'counseling', 'advice', 'tư vấn'],
  ['accept', 'accepted', 'accepts', 'take', 'nhận', 'chấp nhận'],
  ['interpreter', 'interpreters', 'interpreting', 'translator', 'translation', 'phiên dịch', 'thông dịch'],
  ['bank transfer', 'transfer', 'chuyển khoản'],
  ['qr code', 'qr', 'mã qr'],
  ['meal', 'meals', 'food', 'breakfast', 'lunch', 'dinner', 'served', 'bữa ăn', 'suất ăn', 'phát cơm', 'cơm', 'ăn sáng', 'ăn trưa', 'ăn tối'],
  ['hospital fee', 'hospital fees', 'hospital bill', 'viện phí', 'chi phí điều trị'],
  ['advance payment', 'deposit', 'advance', 'tạm ứng', 'đặt cọc', 'tạm ứng viện phí'],
  ['medical record', 'medical records', 'patient record', 'case notes', 'hồ sơ bệnh án', 'bệnh án', 'hồ sơ'],
  ['driving licence', 'driving license', 'driver licence', "driver's license", 'driving', 'lái xe', 'giấy phép lái xe', 'bằng lái'],
  ['work', 'employment', 'job', 'đi làm', 'xin việc'],
  ['photo', 'photograph', 'picture', 'ảnh', 'ảnh thẻ'],
  ['newborn', 'newborns', 'neonate', 'baby', 'trẻ sơ sinh', 'sơ sinh'],
  ['companion', 'accompany', 'người đi cùng', 'đi cùng', 'người nhà đi cùng'],
  ['stay overnight', 'stay the night', 'ở lại', 'ngủ lại', 'qua đêm'],
  ['labour', 'labor', 'chuyển dạ'],
  ['documents', 'papers', 'paperwork', 'what to bring', 'giấy tờ', 'hồ sơ cần mang'],
  ['lost', 'thất lạc', 'bị mất', 'đánh mất'],
  ['wait', 'waiting', 'waiting time', 'chờ', 'thời gian chờ', 'đợi'],
  ['same day', 'same-day', 'trong ngày'],
  ['working day', 'working days', 'business day', 'ngày làm việc'],
  ['holiday', 'holidays', 'public holiday', 'tet', 'lunar new year', 'ngày lễ', 'lễ', 'tết'],
  ['sunday', 'chủ nhật'],
  ['oxygen', 'ô xy', 'oxy'],
  ['bed', 'beds', 'giường'],
  ['blood pressure', 'huyết áp'],
  ['diabetes', 'tiểu đường', 'đái tháo đường'],
  ['hepatitis b', 'viêm gan b'],
  ['bcg', 'lao', 'tuberculosis', 'tb'],
  ['swimming pool', 'hồ bơi', 'bể bơi'],
  ['knee replacement', 'thay khớp gối'],
  ['lottery', 'vé số', 'xổ số'],
  // services a hospital may or may not offer (topics: when the documents name none of these, they don't say)
  ['ambulance', 'xe cứu thương', 'xe cấp cứu'],
  ['ivf', 'in vitro fertilisation', 'in vitro fertilization', 'fertility', 'infertility', 'thụ tinh ống nghiệm', 'hiếm muộn', 'vô sinh'],
  ['cosmetic surgery', 'plastic surgery', 'aesthetic', 'thẩm mỹ', 'phẫu thuật thẩm mỹ'],
  ['dna test', 'paternity test', 'xét nghiệm adn', 'adn', 'dna'],
  ['home visit', 'home care', 'khám tại nhà', 'lấy mẫu tại nhà', 'chăm sóc tại nhà'],
  ['online booking', 'book online', 'app', 'website', 'đặt lịch trực tuyến', 'đặt khám trực tuyến', 'đặt lịch online', 'ứng dụng'],
  ['telemedicine', 'video consultation', 'remote consultation', 'khám từ xa', 'khám trực tuyến', 'tư vấn từ xa'],
  ['psychiatry', 'mental health', 'psychologist', 'psychology', 'tâm thần', 'tâm lý', 'sức khỏe tâm thần'],
  ['oncology', 'cancer centre', 'cancer center', 'chemotherapy', 'ung bướu', 'hóa trị', 'xạ trị'],
  ['cardiology', 'heart clinic', 'tim mạch', 'khoa tim mạch'],
  ['neurology', 'thần kinh', 'khoa thần kinh'],
  ['orthopaedics', 'orthopedics', 'bone', 'fracture clinic', 'chấn thương chỉnh hình', 'cơ xương khớp', 'xương khớp'],
  ['nutrition', 'dietitian', 'dinh dưỡng'],
  ['blood donation', 'donate blood', 'hiến máu'],
  ['rabies', 'rabies vaccine', 'dại', 'vắc xin dại', 'tiêm phòng dại'],
  ['hepatitis', 'viêm gan'],
  ['hiv', 'hiv test', 'xét nghiệm hiv'],
  ['covid', 'covid-19', 'sars-cov-2'],
  ['wheelchair', 'xe lăn'],
  ['bus', 'xe buýt'],
  ['taxi', 'grab', 'xe ôm'],
  ['atm', 'cash machine', 'cây atm', 'rút tiền'],
  ['private room', 'single room', 'phòng dịch vụ', 'phòng riêng', 'phòng vip'],
  ['smoking', 'hút thuốc', 'thuốc lá'],
  ['massage', 'xoa bóp', 'bấm huyệt'],
  ['hearing test', 'audiometry', 'đo thính lực'],
  ['bone density', 'đo loãng xương', 'mật độ xương'],
  ['mammogram', 'mammography', 'chụp nhũ ảnh', 'chụp x-quang vú'],
  ['colonoscopy', 'nội soi đại tràng', 'nội soi đại trực tràng'],
  ['ecg', 'ekg', 'electrocardiogram', 'điện tim', 'điện tâm đồ'],
  ['echocardiogram', 'heart ultrasound', 'siêu âm tim'],
];

// Groups naming a service, department, test or facility: a question about one the documents never
// mention is a question the documents don't answer.
const TOPICS = new Set([
  'emergency department',
  'pharmacy', 'blood sugar', 'cholesterol', 'complete blood count', 'x-ray', 'ultrasound', 'ct', 'mri', 'endoscopy',
  'vaccination', 'flu', 'intensive care', 'obstetrics', 'antenatal', 'surgery', 'ent', 'eye', 'dental', 'dermatology', 'acupuncture',
  'traditional medicine', 'physiotherapy', 'dialysis', 'canteen', 'parking', 'motorbike', 'wifi', 'toilet', 'elevator', 'kiosk',
  'health insurance', 'referral', 'poor household', 'near-poor', 'pension', 'veteran', 'pacemaker', 'death certificate',
  'birth certificate', 'medical certificate', 'health check', 'complaint', 'antibiotic', 'ambulance', 'ivf', 'cosmetic surgery',
  'dna test', 'home visit', 'online booking', 'telemedicine', 'psychiatry', 'oncology', 'cardiology', 'neurology', 'orthopaedics',
  'nutrition', 'blood donation', 'rabies', 'hepatitis', 'hiv', 'covid', 'wheelchair', 'bus', 'taxi', 'atm', 'private room',
  'smoking', 'massage', 'hearing test', 'shuttle', 'lost and found', 'convenience store', 'pets', 'vat invoice', 'private insurance', 'driving licence', 'newborn', 'swimming pool', 'knee replacement', 'lottery', 'medical record', 'oxygen', 'bone density', 'mammogram', 'colonoscopy', 'ecg', 'echocardiogram',
]);

// Groups that frame a question (where, when, how much, which hospital…) rather than say what it is
// about: they steer ranking and answer types but do not count when judging whether a passage covers it.
const FRAMES = new Set([
  'hospital', 'working day', 'wait', 'same day', 'address', 'hotline', 'price', 'opening hours', 'close', 'time', 'day', 'minute', 'percent', 'valid', 'patient',
  'every day', 'monthly', 'weekly', 'morning', 'noon', 'afternoon', 'night', '24 hours', 'room', 'floor', 'building', 'counter',
]);

// Groups that name nothing a question could be about on its own ("the hospital", "patients").
const GENERIC = new Set(['hospital', 'patient', 'staff', 'doctor']);

export interface GlossaryGroup {
  /** Names nothing on its own (see GENERIC). */
  generic: boolean;
  phrases: string[][];
  /** Frames the question rather than naming its subject (see FRAMES). */
  frame: boolean;
  /** Each phrase's language (decides which stop words it drops). */
  langs: TextLang[];
  /** A service, department, test or facility (see TOPICS). */
  topic: boolean;
}

/** Each phrase as its folded token sequence. */
export const GLOSSARY: GlossaryGroup[] = GROUPS.map((g) => ({ phrases: g.map((p) => tokenize(p)), langs: g.map((p): TextLang => (hasVietnameseMarks(p) ? 'vi' : 'en')), topic: TOPICS.has(g[0]!), frame: FRAMES.has(g[0]!), generic: GENERIC.has(g[0]!) }));

/** Start positions of a token sequence within tokens. */
export function findSeq(tokens: string[], seq: string[]): number[] {
  const at: number[] = [];
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    at.push(i);
  }
  return at;
}

/** A one-token phrase too ambiguous to trigger its group (a letter, a number, a stop word). */
const weakTrigger = (p: string[]) => p.length === 1 && (p[0]!.length < 2 || /^\d+$/.test(p[0]!) || STOP_WORDS.has(p[0]!));

export interface GroupHit {
  group: number;
  /** The longest phrase of the group found in the tokens, and where. */
  phrase: string[];
  at: number[];
  /** Token positions covered by any phrase of the group. */
  covered: number[];
}

/** Glossary groups that tokens mention. */
export function groupsIn(tokens: string[]): GroupHit[] {
  const hits: GroupHit[] = [];
  GLOSSARY.forEach((g, group) => {
    let best: GroupHit | null = null;
    const covered: number[] = [];
    for (const p of g.phrases) {
      if (p.length === 0 || weakTrigger(p)) continue;
      const at = findSeq(tokens, p);
      for (const i of at) for (let j = 0; j < p.length; j++) covered.push(i + j);
      if (at.length && (!best || p.length > best.phrase.length)) best = { group, phrase: p, at, covered };
    }
    if (best) hits.push(best);
  });
  return hits;
}
