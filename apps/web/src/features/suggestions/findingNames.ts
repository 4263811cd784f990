/**
 * Chest X-ray finding names in Vietnamese and English. The labels are NIH ChestX-ray14's (Wang et al.,
 * CVPR 2017), which CheXNet and the demo CNN report; Vietnamese terms as used in Vietnamese radiology
 * reports (thuật ngữ chẩn đoán hình ảnh, Hội Điện quang và Y học hạt nhân Việt Nam).
 */
const NAMES: Record<string, [vi: string, en: string]> = {
  atelectasis: ['Xẹp phổi', 'Atelectasis'],
  cardiomegaly: ['Bóng tim to', 'Cardiomegaly'],
  effusion: ['Tràn dịch màng phổi', 'Pleural effusion'],
  infiltration: ['Thâm nhiễm', 'Infiltration'],
  mass: ['Khối', 'Mass'],
  nodule: ['Nốt', 'Nodule'],
  pneumonia: ['Viêm phổi', 'Pneumonia'],
  pneumothorax: ['Tràn khí màng phổi', 'Pneumothorax'],
  consolidation: ['Đông đặc', 'Consolidation'],
  edema: ['Phù phổi', 'Oedema'],
  emphysema: ['Khí phế thũng', 'Emphysema'],
  fibrosis: ['Xơ hoá', 'Fibrosis'],
  pleural_thickening: ['Dày màng phổi', 'Pleural thickening'],
  hernia: ['Thoát vị (hoành)', 'Hernia'],
  'no finding': ['Không có bất thường', 'No finding'],
  normal: ['Bình thường', 'Normal'],
};

/** "Pleural_Thickening" → "Dày màng phổi" (vi) / "Pleural thickening" (en); an unknown label is shown as given. */
export function findingName(label: string, lang: 'vi' | 'en'): string {
  const n = NAMES[label.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/^no_finding$/, 'no finding')];
  return n ? n[lang === 'vi' ? 0 : 1] : label.replace(/_/g, ' ');
}
