/** Generated enrolment files for tests and the bench: valid CCCD numbers, Vietnamese names. */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Quốc', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hương', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quỳnh', 'Sơn', 'Thảo', 'Tuấn', 'Yến'];
const PROVINCES: Array<[string, string]> = [['019', 'Thái Nguyên'], ['001', 'Hà Nội'], ['079', 'TP. Hồ Chí Minh'], ['048', 'Đà Nẵng']];
const ROLES = ['station_staff', 'nurse', 'doctor', 'radiologist', 'pharmacist', 'manager', 'administrator', 'lecturer'];

export const ENROLMENT_HEADER = 'national_id,full_name,role,facility_code,province,cohort,start_date';

export function enrolmentRow(i: number, facilityCode: string, offset = 0): string {
  const [code, province] = PROVINCES[i % PROVINCES.length]!;
  const n = i + offset;
  const id = `${code}${n % 2}${String(70 + (n % 30)).padStart(2, '0')}${String(n).padStart(6, '0')}`;
  const name = `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n >> 1) % MIDDLE.length]} ${GIVEN[(n >> 2) % GIVEN.length]}`;
  return `${id},${name},${ROLES[n % ROLES.length]},${facilityCode},${province},Khoá ${1 + (n % 3)}/2026,${String(1 + (n % 28)).padStart(2, '0')}/0${1 + (n % 9)}/2026`;
}

export function enrolmentCsv(n: number, facilityCode: string, offset = 0): string {
  const lines = [ENROLMENT_HEADER];
  for (let i = 0; i < n; i++) lines.push(enrolmentRow(i, facilityCode, offset));
  return `${lines.join('\r\n')}\r\n`;
}
