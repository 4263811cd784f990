import { describe, expect, it } from 'vitest';
import { deidentifyText } from './index.ts';

describe('de-identification of questions before the log', () => {
  it.each([
    // names with diacritics
    ['Tôi là Nguyễn Văn An, cho hỏi giờ khám?', 'Tôi là [tên], cho hỏi giờ khám?'],
    ['Bệnh nhân Trần Thị Bích Hồng nằm khoa nào?', 'Bệnh nhân [tên] nằm khoa nào?'],
    ['Con tôi tên là Minh Khôi, mấy giờ tiêm?', 'Con tôi tên là [tên], mấy giờ tiêm?'],
    ['Mẹ tôi là bà Lan ở phòng 302', 'Mẹ tôi là bà [tên] ở phòng 302'],
    ['Kết quả của Đỗ Thu Hà có chưa?', 'Kết quả của [tên] có chưa?'],
    // the same without diacritics, capitalised or not
    ['toi la Nguyen Van An, cho hoi gio kham?', 'toi la [tên], cho hoi gio kham?'],
    ['benh nhan Tran Thi Bich Hong nam khoa nao', 'benh nhan [tên] nam khoa nao'],
    ['ten toi la nguyen van an, toi muon hoi lich kham', 'ten toi la [tên], toi muon hoi lich kham'],
    ['ket qua xet nghiem cua tran thi hoa co chua', 'ket qua xet nghiem cua [tên] co chua'],
    ['con toi ten la minh khoi nam khoa nhi', 'con toi ten la [tên] nam khoa nhi'],
    ['toi la le van tam o phong 5', 'toi la [tên] o phong 5'],
    ['ten toi la tran thi hoa, cccd 001089012345', 'ten toi la [tên], cccd [số]'],
    // English
    ['My name is John Smith, when can I visit?', 'My name is [tên], when can I visit?'],
    ['Can I visit Mrs Pham Thi Lan today?', 'Can I visit Mrs [tên] today?'],
    // numbers: phone, CCCD, BHYT, e-mail
    ['Số tôi 0912 345 678', 'Số tôi [số]'],
    ['goi cho toi +84 912.345.678 nhe', 'goi cho toi [số] nhe'],
    ['CCCD 001089012345 mất', 'CCCD [số] mất'],
    ['The BHYT HT3010123456789 con han khong?', 'The BHYT [số] con han khong?'],
    ['thẻ bhyt dn 4010123456789 dùng được không', 'thẻ bhyt [số] dùng được không'],
    ['mail an.nguyen@example.vn nhé', 'mail [email] nhé'],
    ['Nguyễn Văn An 0987654321 an@x.vn', '[tên] [số] [email]'],
  ])('%s → %s', (q, out) => expect(deidentifyText(q)).toBe(out));

  it.each([
    // no personal data: nothing changes
    'Giá 180.000 đồng lúc 16:30?',
    'Nguyên nhân gây sốt là gì?',
    'Nguyen nhan gay sot la gi?',
    'Đường từ Hà Nội đến bệnh viện?',
    'duong tu ha noi den benh vien?',
    'Mai tôi đi khám được không?',
    'Tổng đài 1900 1234 làm việc mấy giờ?',
    'Hồ sơ khám cần giấy tờ gì?',
    'toi la nguoi nha benh nhan, gio tham la may gio?',
    'Tôi là sinh viên, có được giảm phí không?',
    'ba lan kham trong mot tuan co duoc khong',
    'What are the visiting hours at the Thái Nguyên hospital?',
    'Lễ Tết có khám không?',
  ])('keeps "%s"', (q) => expect(deidentifyText(q)).toBe(q));
});
