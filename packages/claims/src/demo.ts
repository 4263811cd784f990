/** Deterministic demo visits (fictional people, real code formats), and one with a deliberate error. */
import type { Visit } from './visit.ts';

/** mulberry32: a small seeded PRNG, so the demo and the bench are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang', 'Đặng Văn Hải', 'Bùi Thị Lan'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

export const DEMO_FACILITY = { code: '01820', level: 'commune' as const, department: 'K01', headCode: 'TTDV01' };

/** `n` visits in June 2024; `withError` makes the last one a visit on an expired card with a missing diagnosis code. */
export function demoVisits(n: number, withError = true, seed = 17): Visit[] {
  const r = rng(seed);
  const out: Visit[] = [];
  for (let i = 0; i < n; i++) {
    const day = 3 + (i % 25);
    const hh = 7 + Math.floor(r() * 9);
    const at = (d: number, h: number, m: number) => `2024-06-${pad(d, 2)}T${pad(h, 2)}:${pad(m, 2)}`;
    const benefitCode = [4, 4, 4, 3, 2, 1][Math.floor(r() * 6)]!;
    const group = benefitCode === 3 ? 'HT' : benefitCode === 2 ? 'CN' : benefitCode === 1 ? 'CC' : ['DN', 'HC', 'GD', 'TE'][Math.floor(r() * 4)]!;
    const diabetic = r() < 0.4;
    const v: Visit = {
      maLk: `${DEMO_FACILITY.code}${pad(i + 1, 8)}`,
      facility: DEMO_FACILITY,
      patient: {
        id: `BN${pad(i + 1, 7)}`, name: NAMES[i % NAMES.length]!, birth: `19${pad(40 + Math.floor(r() * 55), 2)}-0${1 + (i % 9)}-1${i % 10}`,
        sex: (i % 2 ? 2 : 1), cccd: `001${pad(Math.floor(r() * 1e9), 9)}`, address: 'Thôn Demo, xã Demo', province: '01', district: '018', commune: '00640',
      },
      card: {
        number: `${group}${benefitCode}01${pad(Math.floor(r() * 1e10), 10)}`, registeredAt: DEMO_FACILITY.code,
        validFrom: '2024-01-01', validTo: '2024-12-31', continuousSince: r() < 0.5 ? '2018-01-01' : undefined,
      },
      route: 'on-route', kind: '01',
      admitted: at(day, hh, 5), discharged: at(day, hh + 1, 10), paidAt: at(day, hh + 1, 20),
      reason: diabetic ? 'Khám định kỳ đái tháo đường' : 'Sốt, ho',
      diagnosis: diabetic ? { main: 'E11.9', text: 'Đái tháo đường type 2', secondary: ['I10'] } : { main: 'J06.9', text: 'Nhiễm trùng đường hô hấp trên cấp' },
      result: 2, dischargeType: 1, doctor: `BS${pad(1 + (i % 5), 4)}`,
      services: [
        { code: '02.0001.1896', quantity: 1, orderedAt: at(day, hh, 10) },
        ...(diabetic
          ? [{ code: '23.0075.1494', quantity: 1, orderedAt: at(day, hh, 15), doneAt: at(day, hh, 20), resultAt: at(day, hh, 45) }]
          : [{ code: '22.0120.1370', quantity: 1, orderedAt: at(day, hh, 15), doneAt: at(day, hh, 20), resultAt: at(day, hh, 50) }]),
      ],
      drugs: diabetic
        ? [{ code: '40.559', quantity: 60, orderedAt: at(day, hh + 1, 0), dosage: '1 viên x 2 lần/ngày', route: '1.01' },
           { code: '40.456', quantity: 30, orderedAt: at(day, hh + 1, 0), dosage: '1 viên/ngày', route: '1.01' }]
        : [{ code: '40.17', quantity: 10, orderedAt: at(day, hh + 1, 0), dosage: '1 viên khi sốt', route: '1.01' }],
      supplies: diabetic ? [{ code: 'N04.02.010', quantity: 1, orderedAt: at(day, hh, 15) }] : [],
      results: diabetic
        ? [{ serviceCode: '23.0075.1494', indicator: '2345-7', name: 'Glucose', value: (6 + r() * 6).toFixed(1), unit: 'mmol/L', at: at(day, hh, 45) }]
        : [{ serviceCode: '22.0120.1370', indicator: '6690-2', name: 'Bạch cầu', value: (5 + r() * 8).toFixed(1), unit: 'G/L', at: at(day, hh, 50) }],
      course: [{ at: at(day, hh, 10), text: diabetic ? 'Tỉnh, không phù, HA 140/85' : 'Sốt 38,2 độ, họng đỏ', by: `BS${pad(1 + (i % 5), 4)}` }],
      followUp: diabetic ? { no: `HK${pad(i + 1, 6)}`, on: `2024-07-${pad(day, 2)}`, signedOn: `2024-06-${pad(day, 2)}` } : undefined,
      coPaidThisYearVnd: Math.floor(r() * 3) * 1_000_000,
    };
    out.push(v);
  }
  if (withError && out.length) {
    const bad = out[out.length - 1]!;
    bad.card = { ...bad.card, validFrom: '2023-01-01', validTo: '2023-12-31' };
    bad.diagnosis = { ...bad.diagnosis, main: 'E119' };
  }
  return out;
}
