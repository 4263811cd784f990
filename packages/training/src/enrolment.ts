/**
 * Enrolment CSV (pure): one learner a row, validated as a whole so that a file with any bad row is
 * refused entirely with every problem listed (row numbers as a spreadsheet shows them: header = 1).
 *
 * Columns (header names, any order): national_id, full_name, role, facility_code, province, cohort,
 * start_date. national_id is the 12-digit citizen identity number (CCCD): Circular 59/2021/TT-BCA
 * art. 7 — digits 1–3 the province of birth registration (001–096), digit 4 the sex and century
 * (0–9), digits 5–6 the last two digits of the birth year, digits 7–12 a random number.
 * start_date is dd/mm/yyyy (Vietnamese convention). Optional columns email and employee_id help
 * link a learner to a yte account (besides the national id).
 */
export const ENROLMENT_COLUMNS = ['national_id', 'full_name', 'role', 'facility_code', 'province', 'cohort', 'start_date'] as const;
export const ENROLMENT_OPTIONAL_COLUMNS = ['email', 'employee_id'] as const;
export type EnrolmentColumn = (typeof ENROLMENT_COLUMNS)[number] | (typeof ENROLMENT_OPTIONAL_COLUMNS)[number];
const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const EMPLOYEE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/;

export interface EnrolmentRow {
  nationalId: string; fullName: string; role: string; facilityCode: string; province: string; cohort: string;
  /** ISO yyyy-mm-dd */
  startDate: string;
  /** Lower-cased; null when the column is absent or the cell empty. */
  email: string | null;
  employeeId: string | null;
}
export interface EnrolmentError { row: number; field: EnrolmentColumn | 'file'; code: string; message: string; messageVi: string }

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel's UTF-8 BOM
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

/** CCCD structure (Circular 59/2021/TT-BCA art. 7). */
export function validNationalId(id: string): boolean {
  if (!/^\d{12}$/.test(id)) return false;
  const province = Number(id.slice(0, 3));
  return province >= 1 && province <= 96;
}

/** dd/mm/yyyy → yyyy-mm-dd, or null when not a real calendar date. */
export function parseViDate(s: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 2000 || y > 2100) return null;
  return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const err = (row: number, field: EnrolmentError['field'], code: string, message: string, messageVi: string): EnrolmentError => ({ row, field, code, message, messageVi });

/**
 * Validates an enrolment file. `roles`: the curriculum's professional groups; `facilityCodes`:
 * the facilities the importer may enrol into; `existingIds`: national ids already enrolled.
 */
export function validateEnrolment(text: string, opts: { roles: ReadonlySet<string>; facilityCodes: ReadonlySet<string>; existingIds: ReadonlySet<string> }): { rows: EnrolmentRow[]; errors: EnrolmentError[] } {
  const table = parseCsv(text);
  const errors: EnrolmentError[] = [];
  if (table.length === 0) return { rows: [], errors: [err(1, 'file', 'EMPTY', 'The file is empty', 'Tệp rỗng')] };
  const header = table[0]!.map((h) => h.trim().toLowerCase());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = ENROLMENT_COLUMNS.filter((c) => !col.has(c));
  if (missing.length) return { rows: [], errors: [err(1, 'file', 'MISSING_COLUMNS', `Missing columns: ${missing.join(', ')}`, `Thiếu cột: ${missing.join(', ')}`)] };
  const rows: EnrolmentRow[] = [];
  const firstSeen = new Map<string, number>();
  for (let r = 1; r < table.length; r++) {
    const line = r + 1;
    const cells = table[r]!;
    const get = (c: EnrolmentColumn) => (col.has(c) ? (cells[col.get(c)!] ?? '') : '').trim();
    const nationalId = get('national_id');
    const fullName = get('full_name').normalize('NFC').replace(/\s+/g, ' ');
    const role = get('role');
    const facilityCode = get('facility_code');
    const start = get('start_date');
    const before = errors.length;
    if (!validNationalId(nationalId)) errors.push(err(line, 'national_id', 'BAD_NATIONAL_ID', `"${nationalId}" is not a 12-digit CCCD number`, `"${nationalId}" không phải số CCCD 12 chữ số hợp lệ`));
    else if (firstSeen.has(nationalId)) errors.push(err(line, 'national_id', 'DUPLICATE_IN_FILE', `national id also on row ${firstSeen.get(nationalId)}`, `số CCCD trùng với dòng ${firstSeen.get(nationalId)}`));
    else if (opts.existingIds.has(nationalId)) errors.push(err(line, 'national_id', 'ALREADY_ENROLLED', 'this national id is already enrolled', 'số CCCD này đã được ghi danh'));
    if (validNationalId(nationalId) && !firstSeen.has(nationalId)) firstSeen.set(nationalId, line);
    if (!fullName || fullName.length > 200 || !/^[\p{L}][\p{L}\p{M} .'-]*$/u.test(fullName)) errors.push(err(line, 'full_name', 'BAD_NAME', 'full name is missing or has characters other than letters', 'họ tên trống hoặc có ký tự không phải chữ cái'));
    if (!opts.roles.has(role)) errors.push(err(line, 'role', 'BAD_ROLE', `unknown role "${role}"`, `vai trò "${role}" không có trong chương trình`));
    if (!opts.facilityCodes.has(facilityCode)) errors.push(err(line, 'facility_code', 'BAD_FACILITY', `unknown facility code "${facilityCode}"`, `mã cơ sở "${facilityCode}" không tồn tại hoặc ngoài quyền`));
    if (!get('province') || get('province').length > 100) errors.push(err(line, 'province', 'BAD_PROVINCE', 'province is required', 'thiếu tỉnh/thành'));
    if (!get('cohort') || get('cohort').length > 100) errors.push(err(line, 'cohort', 'BAD_COHORT', 'cohort is required', 'thiếu khoá học'));
    const startDate = parseViDate(start);
    if (!startDate) errors.push(err(line, 'start_date', 'BAD_DATE', `"${start}" is not a date dd/mm/yyyy`, `"${start}" không phải ngày dạng dd/mm/yyyy`));
    const email = get('email').toLowerCase();
    if (email && (email.length > 254 || !EMAIL_RE.test(email))) errors.push(err(line, 'email', 'BAD_EMAIL', `"${email}" is not an e-mail address`, `"${email}" không phải địa chỉ e-mail`));
    const employeeId = get('employee_id');
    if (employeeId && !EMPLOYEE_ID_RE.test(employeeId)) errors.push(err(line, 'employee_id', 'BAD_EMPLOYEE_ID', `"${employeeId}" is not an employee id (letters, digits, . _ / -; at most 50)`, `"${employeeId}" không phải mã nhân viên hợp lệ (chữ, số, . _ / -; tối đa 50)`));
    if (errors.length === before) rows.push({ nationalId, fullName, role, facilityCode, province: get('province').normalize('NFC'), cohort: get('cohort'), startDate: startDate!, email: email || null, employeeId: employeeId || null });
  }
  if (table.length === 1) errors.push(err(1, 'file', 'NO_ROWS', 'The file has a header but no learners', 'Tệp chỉ có dòng tiêu đề, không có học viên'));
  return { rows, errors };
}
