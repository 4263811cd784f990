/**
 * Hospital assistant, offline path (the engine the server runs, warm, in process): index 1,000
 * generated documents (Markdown sections, lists and price tables, Vietnamese and English), then
 * answer a mix of questions (with and without diacritics, English, refusals, emergencies,
 * unanswerable) and report p50/p99 latency and the index's heap size.
 */
import { percentile, type Bench } from './lib.ts';
import { answerQuestion, buildIndex, type SourceDoc } from '../packages/assistant/src/index.ts';

const DEPTS = ['Nội tổng hợp', 'Ngoại', 'Nhi', 'Phụ sản', 'Mắt', 'Tai Mũi Họng', 'Răng Hàm Mặt', 'Da liễu', 'Tim mạch', 'Thần kinh', 'Hô hấp', 'Tiêu hóa', 'Thận', 'Nội tiết', 'Ung bướu', 'Y học cổ truyền', 'Phục hồi chức năng', 'Dinh dưỡng'];
const SERVICES = ['Siêu âm ổ bụng', 'X-quang ngực thẳng', 'Nội soi dạ dày', 'Điện tim', 'Công thức máu', 'Đường huyết', 'HbA1c', 'Chụp CT sọ não', 'MRI cột sống', 'Đo mật độ xương', 'Xét nghiệm nước tiểu', 'Siêu âm tim'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function corpus(n: number): SourceDoc[] {
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const price = () => `${Math.floor(20 + r() * 2000)}.000`;
  const time = () => `${6 + Math.floor(r() * 12)}:${pick(['00', '15', '30', '45'])}`;
  const docs: SourceDoc[] = [];
  for (let i = 0; i < n; i++) {
    const dept = `${pick(DEPTS)} ${i}`;
    if (i % 10 === 9) {
      docs.push({ doc: `en-${i}.md`, format: 'markdown', content: `# ${dept} department – visitor guide\n\n## Location\n\nBuilding ${1 + (i % 9)}, floor ${1 + (i % 5)}, room ${100 + (i % 400)}.\n\n## Opening hours\n\nMonday to Friday ${time()}–${time()}. Saturday morning only.\n\n## Parking\n\nMotorbikes ${Math.floor(2 + r() * 8)},000 VND per visit.\n` });
      continue;
    }
    const rows = Array.from({ length: 6 }, () => `| ${pick(SERVICES)} ${i} | ${price()} |`).join('\n');
    docs.push({
      doc: `khoa-${i}.md`,
      format: 'markdown',
      content: `# Khoa ${dept}\n\n## Vị trí\n\n- Nhà ${1 + (i % 9)}, tầng ${1 + (i % 5)}, phòng ${100 + (i % 400)}.\n- Điện thoại: 0218 39${String(10000 + i).slice(-5)}.\n\n## Giờ khám\n\nThứ Hai đến thứ Sáu: ${time()} – ${time()}; chiều ${time()} – ${time()}. Thứ Bảy: sáng.\n\n## Bảng giá\n\n| Dịch vụ | Giá (đồng) |\n|---|---|\n${rows}\n\n## Lưu ý\n\nNgười bệnh mang thẻ BHYT và căn cước. Nhịn ăn ${4 + (i % 6)} tiếng trước khi làm ${pick(SERVICES).toLowerCase()}. Kết quả trả sau ${1 + (i % 3)} giờ tại phòng ${10 + (i % 20)}.\n`,
    });
  }
  docs.push({ doc: 'cap-cuu.md', format: 'markdown', content: '# Khoa Cấp cứu\n\n- Nhà 5, lối vào cổng phụ, hoạt động 24/24.\n- Tổng đài: 0218 3912 300.\n' });
  return docs;
}

const QUESTIONS = [
  'Khoa Tim mạch 17 ở đâu?', 'kham khoa mat 204 luc may gio', 'Siêu âm ổ bụng 35 giá bao nhiêu?', 'gia noi soi da day 88 bao nhieu tien',
  'Where is the Nhi 59 department?', 'How much is a chest X-ray 120?', 'What are the opening hours of the Ngoại 9 department?',
  'Nhịn ăn mấy tiếng trước khi nội soi dạ dày?', 'Kết quả xét nghiệm trả ở phòng nào?', 'Bệnh viện có khám châm cứu không?',
  'Tôi bị sốt 3 ngày, tôi bị bệnh gì?', 'How many milligrams of paracetamol for my child?', 'Bố tôi đau ngực dữ dội',
  'My wife is bleeding heavily', 'Giá MRI cột sống 512?', 'Điện thoại khoa Thận 333 là số nào?', 'Is there parking for motorbikes?',
];

const bench: Bench = async (ctx) => {
  const n = ctx.quick ? 200 : 1000;
  const docs = corpus(n);
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = buildIndex(docs);
  const indexS = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  ctx.log(`${n} documents → ${index.passages.length} passages, ${index.units.length} units in ${indexS.toFixed(2)} s, heap +${heapMb.toFixed(0)} MB`);
  for (const q of QUESTIONS) answerQuestion(index, q); // warm-up
  const samples: number[] = [];
  const rounds = ctx.quick ? 5 : 30;
  for (let k = 0; k < rounds; k++) {
    for (const q of QUESTIONS) {
      const s = performance.now();
      answerQuestion(index, q);
      samples.push(performance.now() - s);
    }
  }
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const docsLabel = ctx.quick ? `${n} docs (quick)` : '1k docs';
  return [
    { name: `assistant answer p50 ${docsLabel}`, value: round2(percentile(samples, 50)), unit: 'ms', goal: '<= 100' },
    { name: `assistant answer p99 ${docsLabel}`, value: round2(percentile(samples, 99)), unit: 'ms', goal: '<= 300' },
    { name: `assistant index ${docsLabel}`, value: round2(indexS), unit: 's', goal: '<= 10' },
    { name: `assistant index heap ${docsLabel}`, value: Math.round(heapMb), unit: 'MB', goal: null },
  ];
};
export default bench;
