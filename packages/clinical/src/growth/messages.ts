/**
 * Counselling messages (vi/en) for each growth finding. Wording is yte's own, summarising the
 * actions in WHO's Guideline: updates on the management of severe acute malnutrition (2013),
 * WHO Training Course on Child Growth Assessment (2008, module C "Interpreting growth indicators"
 * and module D "Counselling on growth and feeding") and WHO guidance on childhood obesity.
 */
import type { Bilingual } from '../types.ts';

export type MessageCode =
  | 'sam' | 'mam' | 'wasting' | 'wasting_severe' | 'stunting' | 'stunting_severe' | 'underweight'
  | 'thinness' | 'overweight' | 'obesity' | 'implausible' | 'normal';

export const MESSAGES: Readonly<Record<MessageCode, Bilingual>> = {
  sam: {
    en: 'Severe acute malnutrition: check for medical complications and appetite; refer for inpatient care if complicated, otherwise start outpatient therapeutic feeding (RUTF) and follow up weekly.',
    vi: 'Suy dinh dưỡng cấp tính nặng: kiểm tra biến chứng và thử nghiệm ăn; chuyển điều trị nội trú nếu có biến chứng, nếu không thì điều trị ngoại trú bằng thực phẩm điều trị (RUTF) và tái khám hằng tuần.',
  },
  mam: {
    en: 'Moderate acute malnutrition: counsel on feeding and hygiene, give supplementary food where available, treat illnesses, and re-measure within 2–4 weeks.',
    vi: 'Suy dinh dưỡng cấp tính vừa: tư vấn chế độ ăn và vệ sinh, bổ sung thực phẩm nếu có, điều trị bệnh kèm theo và đo lại sau 2–4 tuần.',
  },
  wasting_severe: {
    en: 'Severe wasting: assess for severe acute malnutrition and complications now; refer if unwell.',
    vi: 'Gầy còm nặng: đánh giá ngay suy dinh dưỡng cấp tính nặng và biến chứng; chuyển tuyến nếu trẻ mệt.',
  },
  wasting: {
    en: 'Wasting: review recent illness and feeding, increase energy-dense feeds, and follow up within 2–4 weeks.',
    vi: 'Gầy còm: xem lại bệnh gần đây và cách cho ăn, tăng thức ăn giàu năng lượng, tái khám sau 2–4 tuần.',
  },
  stunting_severe: {
    en: 'Severe stunting: look for chronic illness and feeding problems; counsel on diet diversity, breastfeeding and hygiene; follow growth monthly.',
    vi: 'Thấp còi nặng: tìm bệnh mạn tính và vấn đề nuôi dưỡng; tư vấn đa dạng thực phẩm, bú mẹ và vệ sinh; theo dõi tăng trưởng hằng tháng.',
  },
  stunting: {
    en: 'Stunting: counsel on diet diversity (animal-source foods), breastfeeding and hygiene; monitor growth regularly.',
    vi: 'Thấp còi: tư vấn đa dạng thực phẩm (thức ăn nguồn động vật), bú mẹ và vệ sinh; theo dõi tăng trưởng định kỳ.',
  },
  underweight: {
    en: 'Underweight: check for wasting or stunting, ask about feeding and illness, and plan a follow-up weight.',
    vi: 'Nhẹ cân: kiểm tra gầy còm hoặc thấp còi, hỏi về ăn uống và bệnh tật, hẹn cân lại.',
  },
  thinness: {
    en: 'Thinness: assess diet, illness (including TB/HIV) and eating disorders; counsel and follow up.',
    vi: 'Gầy: đánh giá chế độ ăn, bệnh tật (kể cả lao/HIV) và rối loạn ăn uống; tư vấn và theo dõi.',
  },
  overweight: {
    en: 'Overweight: counsel on healthy diet (fewer sugary drinks and snacks), active play and sleep; re-check growth.',
    vi: 'Thừa cân: tư vấn ăn uống lành mạnh (giảm đồ uống có đường, đồ ăn vặt), tăng vận động và ngủ đủ; kiểm tra lại tăng trưởng.',
  },
  obesity: {
    en: 'Obesity: assess for complications, counsel the family on diet, activity and screen time; refer where services exist.',
    vi: 'Béo phì: đánh giá biến chứng, tư vấn gia đình về ăn uống, vận động và thời gian dùng màn hình; chuyển tuyến nếu có dịch vụ.',
  },
  implausible: {
    en: 'A z-score is outside WHO plausibility limits: re-measure and check age and sex before acting.',
    vi: 'Có chỉ số z nằm ngoài giới hạn hợp lý của WHO: đo lại, kiểm tra tuổi và giới trước khi xử trí.',
  },
  normal: {
    en: 'Growth indicators within normal limits: praise the family and continue routine growth monitoring.',
    vi: 'Các chỉ số tăng trưởng bình thường: khen ngợi gia đình và tiếp tục theo dõi tăng trưởng định kỳ.',
  },
};
