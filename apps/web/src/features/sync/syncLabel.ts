/** The header's sync line, e.g. "Đồng bộ lần cuối 14 phút trước, 37 thay đổi đang chờ". */
export interface SyncStatus {
  role: 'station' | 'province' | 'off';
  lastSyncedAt: string | null;
  pending: number;
  lastError: string | null;
}

type T = (key: string, params?: Record<string, string | number>) => string;

export function agoText(t: T, fromIso: string, nowMs: number): string {
  const min = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 60_000));
  if (min < 1) return t('sync.justNow');
  if (min < 60) return t('sync.minutes', { n: min });
  if (min < 48 * 60) return t('sync.hours', { n: Math.floor(min / 60) });
  return t('sync.days', { n: Math.floor(min / 1440) });
}

export function syncLabel(t: T, s: SyncStatus, nowMs: number, lang: 'vi' | 'en'): string {
  const last = s.lastSyncedAt ? t('sync.last', { ago: agoText(t, s.lastSyncedAt, nowMs) }) : t('sync.never');
  const n = s.pending.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return `${last}, ${s.pending > 0 ? t('sync.pending', { n }) : t('sync.upToDate')}`;
}

/** The wall-clock part of an HLC stamp ("<ms, 15 digits>:<counter>:<node>"), as ISO; null if none. */
export const hlcTime = (h: string): string | null => {
  const ms = Number(h.split(':')[0]);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
};
