/**
 * Short names of the common laboratory tests in Vietnamese and English, by LOINC code, so the vi UI
 * never shows a LOINC long name ("Creatinine [Moles/volume] in Serum or Plasma"); the code and the
 * long name stay in the row's title. Vietnamese names follow the usual hospital test lists (Bộ Y tế,
 * Thông tư 23/2024/TT-BYT danh mục kỹ thuật, xét nghiệm hoá sinh/huyết học).
 */
const NAMES: Record<string, [vi: string, en: string]> = {
  '2951-2': ['Natri máu', 'Sodium'],
  '2823-3': ['Kali máu', 'Potassium'],
  '6298-4': ['Kali máu', 'Potassium'],
  '22664-7': ['Urê máu', 'Urea'],
  '3094-0': ['Nitơ urê máu (BUN)', 'Urea nitrogen (BUN)'],
  '14682-9': ['Creatinin máu', 'Creatinine'],
  '2160-0': ['Creatinin máu', 'Creatinine'],
  '14749-6': ['Glucose máu', 'Glucose'],
  '15074-8': ['Glucose máu', 'Glucose'],
  '2345-7': ['Glucose máu', 'Glucose'],
  '29265-6': ['Canxi hiệu chỉnh', 'Adjusted calcium'],
  '1742-6': ['ALT (GPT)', 'ALT'],
  '2157-6': ['CK', 'CK'],
  '1798-8': ['Amylase', 'Amylase'],
  '1988-5': ['CRP', 'CRP'],
  '718-7': ['Huyết sắc tố (Hb)', 'Haemoglobin'],
  '777-3': ['Tiểu cầu', 'Platelets'],
  '6690-2': ['Bạch cầu', 'White cells'],
  '751-8': ['Bạch cầu trung tính', 'Neutrophils'],
  '14647-2': ['Cholesterol toàn phần', 'Total cholesterol'],
  '2093-3': ['Cholesterol toàn phần', 'Total cholesterol'],
  '4548-4': ['HbA1c', 'HbA1c'],
  '2571-8': ['Triglycerid', 'Triglycerides'],
};

/** The test's short name in the UI language; an unknown code keeps the long name's component. */
export function labName(code: string, display: string, lang: 'vi' | 'en'): string {
  const n = NAMES[code];
  if (n) return lang === 'vi' ? n[0] : n[1];
  return display.replace(/\s*\[.*$/, '').trim() || display;
}
