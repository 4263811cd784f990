/** The typed visit record the builders take: what a facility knows about one insured visit. */
import type { FacilityLevel, Route } from './copay.ts';

/** Local wall-clock date-times 'YYYY-MM-DDTHH:mm' (Vietnam time, as the decision's yyyyMMddHHmm), dates 'YYYY-MM-DD'. */
export interface Visit {
  maLk: string;
  facility: { code: string; level: FacilityLevel; department: string; headCode: string };
  patient: {
    id: string;
    name: string;
    birth: string;
    sex: 1 | 2 | 3;
    cccd?: string;
    nationality?: string;
    ethnicity?: string;
    occupation?: string;
    address?: string;
    province?: string;
    district?: string;
    commune?: string;
    phone?: string;
  };
  card: { number: string; registeredAt: string; validFrom: string; validTo: string; continuousSince?: string };
  route: Route;
  /** MA_LOAI_KCB: 01 khám bệnh, 02 điều trị ngoại trú, 03 điều trị nội trú, … */
  kind: string;
  admitted: string;
  discharged: string;
  paidAt: string;
  reason: string;
  diagnosis: { main: string; text: string; secondary?: string[] };
  /** KET_QUA_DTRI 1 khỏi, 2 đỡ, 3 không thay đổi, 4 nặng hơn, 5 tử vong, … ; MA_LOAI_RV 1 ra viện, 2 chuyển tuyến, … */
  result: number;
  dischargeType: number;
  doctor: string;
  services: Array<{ code: string; quantity: number; orderedAt: string; doneAt?: string; resultAt?: string; price?: number }>;
  drugs: Array<{ code: string; quantity: number; orderedAt: string; dosage: string; route: string; price?: number }>;
  supplies: Array<{ code: string; quantity: number; orderedAt: string; price?: number }>;
  results: Array<{ serviceCode: string; indicator: string; name: string; value: string; unit: string; at: string; conclusion?: string }>;
  course: Array<{ at: string; text: string; by: string }>;
  discharge?: { archiveNo: string; treatment: string; note?: string; signedOn: string };
  referral?: { no: string; to: string; signs: string; summary: string; reasonCode: number; direction: string; transport?: string };
  followUp?: { no: string; on: string; signedOn: string };
  coPaidThisYearVnd: number;
}
