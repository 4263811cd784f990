/**
 * Staff assistant intents: what a logged-in staff member asks for, read from the question. The server
 * answers each with the user's own permissions (role and facility scoping, audited reads); anything
 * else is answered from the platform's own help documents with the patient assistant's engine.
 */
import { fold } from './normalize.ts';

export type StaffIntent = { kind: 'news2'; threshold: number } | { kind: 'queue' } | { kind: 'summary'; hours: number } | { kind: 'referral' } | { kind: 'help' };

/** NEWS2 5 is the RCP "urgent response" threshold (RCP NEWS2 2017, Chart 4): the default for "high". */
export const NEWS2_URGENT = 5;

export function staffIntent(question: string): StaffIntent {
  const f = fold(question);
  if (/\bnews ?2\b|\bdiem canh bao som\b|early warning score/.test(f)) {
    const m = /(?:>=|≥|=>|>|tu|from|at least|above|tren|over|it nhat|bang)\s*(\d{1,2})\b/.exec(f) ?? /\bnews ?2\D{0,12}(\d{1,2})\b/.exec(f);
    return { kind: 'news2', threshold: m ? Number(m[1]) : NEWS2_URGENT };
  }
  // "draft a referral letter", "soạn giấy chuyển tuyến" (a how-to question about referrals stays help)
  if (/\b(draft|write|prepare|soan|viet|lam|nhap)\b.*\b(referral|chuyen tuyen|chuyen vien)\b|\b(referral letter|giay chuyen tuyen|thu chuyen tuyen)\b/.test(f) && !/\b(how|the nao|nhu the nao|cach)\b/.test(f)) {
    return { kind: 'referral' };
  }
  if (/\b(summari[sz]e|summary|tom tat|tom luoc)\b/.test(f)) {
    const m = /\b(\d{1,3})\s*(?:h|hours?|gio|tieng)\b/.exec(f);
    const hours = m ? Number(m[1]) : 48;
    return { kind: 'summary', hours: hours >= 1 && hours <= 168 ? hours : 48 };
  }
  if (/\b(hang cho|dang cho|cho kham|queue|waiting|phan loai cap cuu|triage)\b/.test(f)) return { kind: 'queue' };
  return { kind: 'help' };
}
