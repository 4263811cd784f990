/**
 * Vietnamese name parts for synthetic patients. Family-name weights approximate published
 * frequencies (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 %, …).
 */
import type { Rng } from './prng.ts';

export const FAMILY: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4], ['Huỳnh', 2], ['Phan', 4.5], ['Vũ', 3.9],
  ['Võ', 2], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
  ['Đinh', 0.8], ['Trịnh', 0.6], ['Mai', 0.5], ['Lương', 0.5], ['Hà', 0.6], ['Tạ', 0.3], ['Đoàn', 0.6],
];
const MIDDLE_M = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Hữu', 'Quốc', 'Thanh', 'Công', 'Xuân', 'Ngọc', 'Gia', 'Anh', 'Tiến'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Bảo', 'Mai', 'Phương', 'Khánh'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long', 'Minh', 'Nam', 'Phong', 'Phúc', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Bảo', 'Đông', 'Lâm'];
const GIVEN_F = ['An', 'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hạnh', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Thảo', 'Thu', 'Thủy', 'Trang', 'Tuyết', 'Vân', 'Yến'];

export function vietnameseName(rng: Rng, sex: 'male' | 'female'): string {
  const family = rng.weighted(FAMILY);
  const middle = rng.pick(sex === 'male' ? MIDDLE_M : MIDDLE_F);
  const given = rng.pick(sex === 'male' ? GIVEN_M : GIVEN_F);
  return `${family} ${middle} ${given}`;
}

/** Villages/hamlets for address lines. */
export const HAMLETS = ['Xóm Đồng', 'Xóm Trại', 'Thôn Đông', 'Thôn Tây', 'Thôn Trung', 'Xóm Mới', 'Tổ 3', 'Tổ 7', 'Thôn Cầu', 'Xóm Chùa'];
