import { describe, expect, it } from 'vitest';
import { SYNC_MESSAGES } from './messages.ts';
import { hlcTime, syncLabel } from './syncLabel.ts';

const tOf = (lang: 'vi' | 'en') => (key: string, params: Record<string, string | number> = {}) =>
  (SYNC_MESSAGES[lang] as Record<string, string>)[key]!.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
const now = Date.parse('2026-12-07T10:00:00Z');

describe('sync header line', () => {
  it('says it in Vietnamese and English as the issue words it', () => {
    const s = { role: 'station' as const, lastSyncedAt: '2026-12-07T09:46:00Z', pending: 37, lastError: null };
    expect(syncLabel(tOf('vi'), s, now, 'vi')).toBe('Đồng bộ lần cuối 14 phút trước, 37 thay đổi đang chờ');
    expect(syncLabel(tOf('en'), s, now, 'en')).toBe('Last synced 14 min ago, 37 changes waiting');
  });
  it('groups thousands the Vietnamese way and handles never-synced', () => {
    expect(syncLabel(tOf('vi'), { role: 'station', lastSyncedAt: null, pending: 10000, lastError: null }, now, 'vi')).toBe('Chưa đồng bộ lần nào, 10.000 thay đổi đang chờ');
  });
  it('has the same keys in both languages', () => {
    expect(Object.keys(SYNC_MESSAGES.en).sort()).toEqual(Object.keys(SYNC_MESSAGES.vi).sort());
  });
});


describe('sync review helpers', () => {
  it('reads the wall clock out of an HLC stamp', () => {
    expect(hlcTime('001764547200000:000003:station-1')).toBe('2025-12-01T00:00:00.000Z');
    expect(hlcTime('garbage')).toBeNull();
  });
  it('review strings exist in both languages', () => {
    expect(Object.keys(SYNC_MESSAGES.en).sort()).toEqual(Object.keys(SYNC_MESSAGES.vi).sort());
  });
});
