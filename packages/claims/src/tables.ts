/**
 * The tables of Decision 130/QĐ-BYT (18/01/2023) as amended by Decision 4750/QĐ-BYT (29/12/2023):
 * element names in the decision's order, types, maximum lengths and formats.
 *
 * Sources used (the decision's PDF is not reachable from this machine, so the field tables were read
 * from public implementations of it and cross-checked against each other):
 *  - field order and table/record element names: the XML viewer of several public HIS tools on GitHub
 *    (e.g. lethanhson123/KingdomCodeTool `XML*_CV130.model.ts`, and public parsers that use the same
 *    root/list/record tags: TONG_HOP, CHITIEU_CHITIET_THUOC/DSACH_CHI_TIET_THUOC/CHI_TIET_THUOC, …);
 *  - lengths and numeric/date kinds of XML1–XML4: a public Python model of "Bảng 1–4" annotated with the
 *    4750 changes ("[size -> 150]" for MA_BENH_YHCT, MA_DOITUONG_KCB 4, MA_TTDV 255, NAM_NAM_LIEN_TUC 8 …).
 *  - XML5/7/13/14: names and order from the same sources; lengths there are our reading (marked `~`
 *    in the comment of the table) and use the lengths of the same element in XML1 where it exists.
 * Formats (decision, "Ghi chú" column): dates yyyyMMddHHmm (12) or yyyyMMdd (8); amounts are numbers
 * with "." as decimal separator (at most 2 decimals for money, 3 for quantities and unit prices).
 */

/** S string · N integer · M money (≤ 2 decimals) · Q quantity/unit price (≤ 3 decimals) · T12 yyyyMMddHHmm · T8 yyyyMMdd */
export type FieldKind = 'S' | 'N' | 'M' | 'Q' | 'T12' | 'T8';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** maximum length in characters; undefined where the decision says "n" (no fixed length) */
  max?: number;
  required: boolean;
}

export type TableId = 'XML1' | 'XML2' | 'XML3' | 'XML4' | 'XML5' | 'XML7' | 'XML13' | 'XML14';

export interface TableSpec {
  id: TableId;
  title: string;
  /** root element of the table's file */
  root: string;
  /** list element and record element for multi-row tables; single-record tables have the fields under root */
  list?: string;
  record?: string;
  fields: FieldSpec[];
}

/** "NAME:KIND:MAX" with a trailing "!" for required; MAX may be "n". */
function f(specs: string): FieldSpec[] {
  return specs
    .trim()
    .split(/\s+/)
    .map((s) => {
      const required = s.endsWith('!');
      const [name, kind, max] = (required ? s.slice(0, -1) : s).split(':') as [string, FieldKind, string];
      return { name, kind, max: max === 'n' ? undefined : Number(max), required };
    });
}

export const TABLES: Record<TableId, TableSpec> = {
  XML1: {
    id: 'XML1',
    title: 'Bảng 1. Chỉ tiêu tổng hợp khám bệnh, chữa bệnh',
    root: 'TONG_HOP',
    fields: f(`
      MA_LK:S:100! STT:N:10 MA_BN:S:100! HO_TEN:S:255! SO_CCCD:S:n NGAY_SINH:T12:12! GIOI_TINH:N:1! NHOM_MAU:S:5
      MA_QUOCTICH:S:3 MA_DANTOC:S:2 MA_NGHE_NGHIEP:S:5 DIA_CHI:S:1024 MATINH_CU_TRU:S:3 MAHUYEN_CU_TRU:S:3
      MAXA_CU_TRU:S:5 DIEN_THOAI:S:15 MA_THE_BHYT:S:n! MA_DKBD:S:n GT_THE_TU:S:n! GT_THE_DEN:S:n! NGAY_MIEN_CCT:S:12
      LY_DO_VV:S:n LY_DO_VNT:S:n MA_LY_DO_VNT:S:5 CHAN_DOAN_VAO:S:n CHAN_DOAN_RV:S:n! MA_BENH_CHINH:S:7!
      MA_BENH_KT:S:100 MA_BENH_YHCT:S:150 MA_PTTT_QT:S:125 MA_DOITUONG_KCB:S:4! MA_NOI_DI:S:5 MA_NOI_DEN:S:5
      MA_TAI_NAN:N:1 NGAY_VAO:T12:12! NGAY_VAO_NOI_TRU:T12:12 NGAY_RA:T12:12! GIAY_CHUYEN_TUYEN:S:50
      SO_NGAY_DTRI:N:3! PP_DIEU_TRI:S:n KET_QUA_DTRI:N:1! MA_LOAI_RV:N:1! GHI_CHU:S:n NGAY_TTOAN:T12:12
      T_THUOC:M:15! T_VTYT:M:15! T_TONGCHI_BV:M:15! T_TONGCHI_BH:M:15! T_BNTT:M:15! T_BNCCT:M:15! T_BHTT:M:15!
      T_NGUONKHAC:M:15 T_BHTT_GDV:M:15 NAM_QT:N:4! THANG_QT:N:2! MA_LOAI_KCB:S:2! MA_KHOA:S:50! MA_CSKCB:S:5!
      MA_KHUVUC:S:2 CAN_NANG:S:6 CAN_NANG_CON:S:100 NAM_NAM_LIEN_TUC:S:8 NGAY_TAI_KHAM:S:50 MA_HSBA:S:100
      MA_TTDV:S:255 DU_PHONG:S:n`),
  },
  XML2: {
    id: 'XML2',
    title: 'Bảng 2. Chỉ tiêu chi tiết thuốc',
    root: 'CHITIEU_CHITIET_THUOC',
    list: 'DSACH_CHI_TIET_THUOC',
    record: 'CHI_TIET_THUOC',
    fields: f(`
      MA_LK:S:100! STT:N:10! MA_THUOC:S:255! MA_PP_CHEBIEN:S:255 MA_CSKCB_THUOC:S:10 MA_NHOM:N:2! TEN_THUOC:S:1024!
      DON_VI_TINH:S:50! HAM_LUONG:S:1024 DUONG_DUNG:S:4 DANG_BAO_CHE:S:1024 LIEU_DUNG:S:1024 CACH_DUNG:S:1024
      SO_DANG_KY:S:255 TT_THAU:S:50 PHAM_VI:N:1! TYLE_TT_BH:N:3! SO_LUONG:Q:10! DON_GIA:Q:15! THANH_TIEN_BV:M:15!
      THANH_TIEN_BH:M:15! T_NGUONKHAC_NSNN:M:15 T_NGUONKHAC_VTNN:M:15 T_NGUONKHAC_VTTN:M:15 T_NGUONKHAC_CL:M:15
      T_NGUONKHAC:M:15 MUC_HUONG:N:3! T_BNTT:M:15! T_BNCCT:M:15! T_BHTT:M:15! MA_KHOA:S:50! MA_BAC_SI:S:255!
      MA_DICH_VU:S:255 NGAY_YL:T12:12! NGAY_TH_YL:T12:12 MA_PTTT:N:1 NGUON_CTRA:N:1 VET_THUONG_TP:N:1 DU_PHONG:S:n`),
  },
  XML3: {
    id: 'XML3',
    title: 'Bảng 3. Chỉ tiêu chi tiết dịch vụ kỹ thuật và vật tư y tế',
    root: 'CHITIEU_CHITIET_DVKT_VTYT',
    list: 'DSACH_CHI_TIET_DVKT',
    record: 'CHI_TIET_DVKT',
    fields: f(`
      MA_LK:S:100! STT:N:10! MA_DICH_VU:S:50 MA_PTTT_QT:S:255 MA_VAT_TU:S:255 MA_NHOM:N:2! GOI_VTYT:S:3
      TEN_VAT_TU:S:1024 TEN_DICH_VU:S:1024 MA_XANG_DAU:S:20 DON_VI_TINH:S:50! PHAM_VI:N:1! SO_LUONG:Q:10!
      DON_GIA_BV:Q:15! DON_GIA_BH:Q:15! TT_THAU:S:50 TYLE_TT_DV:N:3! TYLE_TT_BH:N:3! THANH_TIEN_BV:M:15!
      THANH_TIEN_BH:M:15! T_TRANTT:M:15 MUC_HUONG:N:3! T_NGUONKHAC_NSNN:M:15 T_NGUONKHAC_VTNN:M:15
      T_NGUONKHAC_VTTN:M:15 T_NGUONKHAC_CL:M:15 T_NGUONKHAC:M:15 T_BNTT:M:15! T_BNCCT:M:15! T_BHTT:M:15!
      MA_KHOA:S:50! MA_GIUONG:S:50 MA_BAC_SI:S:255! NGUOI_THUC_HIEN:S:255 MA_BENH:S:100! MA_BENH_YHCT:S:150
      NGAY_YL:T12:12! NGAY_TH_YL:T12:12 NGAY_KQ:T12:12 MA_PTTT:N:1 VET_THUONG_TP:N:1 PP_VO_CAM:N:1
      VI_TRI_TH_DVKT:N:3 MA_MAY:S:1024 MA_HIEU_SP:S:255 TAI_SU_DUNG:N:1 DU_PHONG:S:n`),
  },
  XML4: {
    id: 'XML4',
    title: 'Bảng 4. Chỉ tiêu chi tiết dịch vụ cận lâm sàng',
    root: 'CHITIEU_CHITIET_DICHVUCANLAMSANG',
    list: 'DSACH_CHI_TIET_CLS',
    record: 'CHI_TIET_CLS',
    fields: f(`
      MA_LK:S:100! STT:N:10! MA_DICH_VU:S:50! MA_CHI_SO:S:255 TEN_CHI_SO:S:255 GIA_TRI:S:255 DON_VI_DO:S:50
      MO_TA:S:n KET_LUAN:S:n NGAY_KQ:T12:12! MA_BS_DOC_KQ:S:255 DU_PHONG:S:n`),
  },
  // ~ lengths of XML5/7/13/14 are our reading (see the header comment).
  XML5: {
    id: 'XML5',
    title: 'Bảng 5. Chỉ tiêu chi tiết diễn biến lâm sàng',
    root: 'CHITIEU_CHITIET_DIENBIENLAMSANG',
    list: 'DSACH_CHI_TIET_DIEN_BIEN_BENH',
    record: 'CHI_TIET_DIEN_BIEN_BENH',
    fields: f(`
      MA_LK:S:100! STT:N:10! DIEN_BIEN_LS:S:n! GIAI_DOAN_BENH:S:n HOI_CHAN:S:n PHAU_THUAT:S:n
      THOI_DIEM_DBLS:T12:12! NGUOI_THUC_HIEN:S:255 DU_PHONG:S:n`),
  },
  XML7: {
    id: 'XML7',
    title: 'Bảng 7. Chỉ tiêu dữ liệu giấy ra viện',
    root: 'CHI_TIEU_DU_LIEU_GIAY_RA_VIEN',
    fields: f(`
      MA_LK:S:100! SO_LUU_TRU:S:200! MA_YTE:S:200! MA_KHOA_RV:S:200! NGAY_VAO:T12:12! NGAY_RA:T12:12!
      MA_DINH_CHI_THAI:N:1 NGUYENNHAN_DINHCHI:S:n THOIGIAN_DINHCHI:T12:12 TUOI_THAI:N:2 CHAN_DOAN_RV:S:n!
      PP_DIEUTRI:S:n! GHI_CHU:S:n MA_TTDV:S:255! MA_BS:S:255! TEN_BS:S:255! NGAY_CT:T8:8! MA_CHA:S:10 MA_ME:S:10
      MA_THE_TAM:S:15 HO_TEN_CHA:S:255 HO_TEN_ME:S:255 SO_NGAY_NGHI:N:3 NGOAITRU_TUNGAY:T8:8 NGOAITRU_DENNGAY:T8:8
      DU_PHONG:S:n`),
  },
  XML13: {
    id: 'XML13',
    title: 'Bảng 13. Chỉ tiêu dữ liệu giấy chuyển tuyến',
    root: 'CHI_TIEU_GIAYCHUYENTUYEN',
    fields: f(`
      MA_LK:S:100! SO_HOSO:S:50! SO_CHUYENTUYEN:S:50! GIAY_CHUYEN_TUYEN:S:50! MA_CSKCB:S:5! MA_NOI_DI:S:5!
      MA_NOI_DEN:S:5! HO_TEN:S:255! NGAY_SINH:T12:12! GIOI_TINH:N:1! MA_QUOCTICH:S:3 MA_DANTOC:S:2
      MA_NGHE_NGHIEP:S:5 DIA_CHI:S:1024 MA_THE_BHYT:S:n! GT_THE_DEN:S:n! NGAY_VAO:T12:12! NGAY_VAO_NOI_TRU:T12:12
      NGAY_RA:T12:12! DAU_HIEU_LS:S:n! CHAN_DOAN_RV:S:n! QT_BENHLY:S:n TOMTAT_KQ:S:n PP_DIEUTRI:S:n
      MA_BENH_CHINH:S:7! MA_BENH_KT:S:100 MA_BENH_YHCT:S:150 TEN_DICH_VU:S:n TEN_THUOC:S:n MA_LOAI_RV:N:1!
      MA_LYDO_CT:N:1! HUONG_DIEU_TRI:S:n PHUONGTIEN_VC:S:255 HOTEN_NGUOI_HT:S:255 CHUCDANH_NGUOI_HT:S:255
      MA_BAC_SI:S:255! MA_TTDV:S:255! DU_PHONG:S:n`),
  },
  XML14: {
    id: 'XML14',
    title: 'Bảng 14. Chỉ tiêu dữ liệu giấy hẹn khám lại',
    root: 'CHI_TIEU_GIAYHEN_KHAMLAI',
    fields: f(`
      MA_LK:S:100! SO_GIAYHEN_KL:S:50! MA_CSKCB:S:5! HO_TEN:S:255! NGAY_SINH:T12:12! GIOI_TINH:N:1!
      DIA_CHI:S:1024 MA_THE_BHYT:S:n! GT_THE_DEN:S:n! NGAY_VAO:T12:12! NGAY_VAO_NOI_TRU:T12:12 NGAY_RA:T12:12!
      NGAY_HEN_KL:T8:8! CHAN_DOAN_RV:S:n! MA_BENH_CHINH:S:7! MA_BENH_KT:S:100 MA_BENH_YHCT:S:150
      MA_DOITUONG_KCB:S:4! MA_BAC_SI:S:255! MA_TTDV:S:255! NGAY_CT:T8:8! DU_PHONG:S:n`),
  },
};

export const TABLE_IDS = Object.keys(TABLES) as TableId[];

/** The lexical pattern each kind allows (also used in the XSDs); empty is allowed for optional fields. */
export const KIND_PATTERN: Record<FieldKind, string | undefined> = {
  S: undefined,
  N: '-?[0-9]+',
  M: '-?[0-9]+(\\.[0-9]{1,2})?',
  Q: '[0-9]+(\\.[0-9]{1,3})?',
  T12: '[0-9]{12}',
  T8: '[0-9]{8}',
};
