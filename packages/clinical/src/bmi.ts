/**
 * Adult body-mass index (≥ 19 years; younger people are assessed with WHO BMI-for-age z-scores by
 * the growth rule).
 *
 * Sources:
 *  - WHO. Obesity: preventing and managing the global epidemic. Technical Report Series 894, 2000,
 *    Table 2.1: < 18.5 underweight; 18.5–24.9 normal range; 25.0–29.9 pre-obese; 30.0–34.9 obese
 *    class I; 35.0–39.9 class II; ≥ 40.0 class III.
 *  - WHO Western Pacific Region, IASO, IOTF. The Asia-Pacific perspective: redefining obesity and
 *    its treatment. Sydney: Health Communications Australia, 2000, Table 1 (adult Asians):
 *    < 18.5 underweight; 18.5–22.9 normal range; 23.0–24.9 overweight at risk; 25.0–29.9 obese I;
 *    ≥ 30.0 obese II. Used in Viet Nam's Ministry of Health guidance; the summary uses these.
 * Rule version: adult-bmi 1.0.0.
 *
 * No I/O, no clock.
 */
import { ClinicalInputError } from './errors.ts';
import type { Bilingual, ExplanationItem, RuleSource } from './types.ts';

export const ADULT_BMI_SOURCE: RuleSource = {
  id: 'yte-adult-bmi',
  version: '1.0.0',
  citation: 'WHO TRS 894 (2000) Table 2.1; WHO WPRO/IASO/IOTF The Asia-Pacific perspective: redefining obesity and its treatment (2000) Table 1',
};

export type WhoBmiClass = 'underweight' | 'normal' | 'pre-obese' | 'obese-I' | 'obese-II' | 'obese-III';
export type AsiaBmiClass = 'underweight' | 'normal' | 'overweight' | 'obese-I' | 'obese-II';

export interface AdultBmiResult {
  bmi: number;
  who: WhoBmiClass;
  asiaPacific: AsiaBmiClass;
  label: Bilingual;
  advice: Bilingual;
  explanation: ExplanationItem[];
  source: RuleSource;
}

const LABEL: Record<AsiaBmiClass, Bilingual> = {
  underweight: { en: 'underweight', vi: 'thiếu cân' },
  normal: { en: 'normal range', vi: 'bình thường' },
  overweight: { en: 'overweight (at risk)', vi: 'thừa cân (nguy cơ)' },
  'obese-I': { en: 'obese class I', vi: 'béo phì độ I' },
  'obese-II': { en: 'obese class II', vi: 'béo phì độ II' },
};

const ADVICE: Record<AsiaBmiClass, Bilingual> = {
  underweight: { en: 'Ask about appetite, weight loss and chronic illness (including TB symptoms); counsel on diet.', vi: 'Hỏi về ăn uống, sụt cân và bệnh mạn tính (kể cả triệu chứng lao); tư vấn dinh dưỡng.' },
  normal: { en: 'Keep a healthy diet and regular physical activity.', vi: 'Duy trì chế độ ăn lành mạnh và vận động đều đặn.' },
  overweight: { en: 'Counsel on diet and physical activity; check blood pressure and glucose.', vi: 'Tư vấn chế độ ăn và vận động; kiểm tra huyết áp và đường huyết.' },
  'obese-I': { en: 'Counsel on weight reduction; screen for hypertension, diabetes and CVD risk.', vi: 'Tư vấn giảm cân; sàng lọc tăng huyết áp, đái tháo đường và nguy cơ tim mạch.' },
  'obese-II': { en: 'Counsel on weight reduction; screen for hypertension, diabetes and CVD risk; consider referral.', vi: 'Tư vấn giảm cân; sàng lọc tăng huyết áp, đái tháo đường và nguy cơ tim mạch; cân nhắc chuyển tuyến.' },
};

export const ADULT_BMI_MIN_AGE_YEARS = 19;

export function adultBmi(input: { weightKg: number; heightCm: number; ageYears: number }): AdultBmiResult {
  const { weightKg, heightCm, ageYears } = input;
  if (!(ageYears >= ADULT_BMI_MIN_AGE_YEARS)) throw new ClinicalInputError('out_of_range', 'ageYears', `adult cut-offs apply from ${ADULT_BMI_MIN_AGE_YEARS} years; use BMI-for-age (growth) below`);
  if (typeof weightKg !== 'number' || !Number.isFinite(weightKg)) throw new ClinicalInputError('not_a_number', 'weightKg', 'must be a number');
  if (typeof heightCm !== 'number' || !Number.isFinite(heightCm)) throw new ClinicalInputError('not_a_number', 'heightCm', 'must be a number');
  if (weightKg < 10 || weightKg > 400) throw new ClinicalInputError('out_of_range', 'weightKg', 'must be 10–400 kg');
  if (heightCm < 100 || heightCm > 250) throw new ClinicalInputError('out_of_range', 'heightCm', 'must be 100–250 cm for an adult');
  const m = heightCm / 100;
  const bmi = Math.round((weightKg / (m * m)) * 10) / 10;
  // Cut-offs are on BMI to one decimal, as tabulated.
  const who: WhoBmiClass = bmi < 18.5 ? 'underweight' : bmi < 25 ? 'normal' : bmi < 30 ? 'pre-obese' : bmi < 35 ? 'obese-I' : bmi < 40 ? 'obese-II' : 'obese-III';
  const asiaPacific: AsiaBmiClass = bmi < 18.5 ? 'underweight' : bmi < 23 ? 'normal' : bmi < 25 ? 'overweight' : bmi < 30 ? 'obese-I' : 'obese-II';
  return {
    bmi,
    who,
    asiaPacific,
    label: LABEL[asiaPacific],
    advice: ADVICE[asiaPacific],
    explanation: [
      { input: 'weightKg', value: weightKg, note: 'measured weight' },
      { input: 'heightCm', value: heightCm, note: 'measured height' },
      { input: 'bmi', value: bmi, finding: asiaPacific, note: 'Asia-Pacific (WPRO 2000): < 18.5 underweight, 18.5–22.9 normal, 23–24.9 overweight, 25–29.9 obese I, ≥ 30 obese II' },
      { input: 'bmi', value: bmi, finding: who, note: 'WHO TRS 894: < 18.5 underweight, 18.5–24.9 normal, 25–29.9 pre-obese, 30–34.9 obese I, 35–39.9 obese II, ≥ 40 obese III' },
    ],
    source: ADULT_BMI_SOURCE,
  };
}
