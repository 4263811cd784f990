import { describe, expect, it } from 'vitest';
import {
  callModeFor, checkAttachment, checkConsultTransition, compareInbox, CONSULT_STATES, consultDueAt, consultEscalation, type ConsultState, nextConsultStates,
} from './teleconsult.ts';

describe('teleconsult state machine (TT 49/2017/TT-BYT: the asking side decides on the advice)', () => {
  it('walks requested → accepted → answered → closed with the right sides', () => {
    expect(checkConsultTransition('requested', 'accepted', 'consulting')).toEqual({ ok: true });
    expect(checkConsultTransition('accepted', 'answered', 'consulting')).toEqual({ ok: true });
    expect(checkConsultTransition('answered', 'closed', 'requesting')).toEqual({ ok: true });
    expect(checkConsultTransition('requested', 'answered', 'consulting')).toEqual({ ok: true });
  });
  it('the station cannot answer its own consult, the hospital cannot close it', () => {
    expect(checkConsultTransition('accepted', 'answered', 'requesting')).toMatchObject({ ok: false, code: 'not_allowed_for_side' });
    expect(checkConsultTransition('answered', 'closed', 'consulting')).toMatchObject({ ok: false, code: 'not_allowed_for_side' });
  });
  it('refuses backwards and out of terminal states', () => {
    expect(checkConsultTransition('answered', 'accepted', 'consulting')).toMatchObject({ code: 'invalid_transition' });
    expect(checkConsultTransition('answered', 'cancelled', 'requesting')).toMatchObject({ code: 'invalid_transition' });
    for (const s of ['closed', 'cancelled'] as const) {
      for (const to of CONSULT_STATES) expect(checkConsultTransition(s, to, 'requesting').ok || checkConsultTransition(s, to, 'consulting').ok).toBe(false);
    }
  });
  it('lists next states per side (buttons)', () => {
    expect(nextConsultStates('requested', 'consulting').sort()).toEqual(['accepted', 'answered', 'cancelled']);
    expect(nextConsultStates('requested', 'requesting')).toEqual(['cancelled']);
    expect(nextConsultStates('answered', 'requesting')).toEqual(['closed']);
  });
});

describe('response-time targets and escalation (yte policy)', () => {
  it('due instant = request + 30 min / 4 h / 48 h', () => {
    expect(consultDueAt('emergency', '2026-11-01T08:00:00.000Z')).toBe('2026-11-01T08:30:00.000Z');
    expect(consultDueAt('urgent', '2026-11-01T08:00:00.000Z')).toBe('2026-11-01T12:00:00.000Z');
    expect(consultDueAt('routine', '2026-11-01T08:00:00.000Z')).toBe('2026-11-03T08:00:00.000Z');
    expect(() => consultDueAt('routine', 'yesterday')).toThrow(RangeError);
  });
  it('escalates past the target, twice the target to level 2, never once answered', () => {
    const c = { state: 'requested' as ConsultState, urgency: 'emergency' as const, requestedAt: '2026-11-01T08:00:00.000Z' };
    expect(consultEscalation(c, '2026-11-01T08:29:00.000Z')).toEqual({ level: 0, minutesLate: 0, minutesWaiting: 29 });
    expect(consultEscalation(c, '2026-11-01T08:45:00.000Z')).toEqual({ level: 1, minutesLate: 15, minutesWaiting: 45 });
    expect(consultEscalation(c, '2026-11-01T09:01:00.000Z').level).toBe(2);
    expect(consultEscalation({ ...c, state: 'answered' }, '2026-11-01T12:00:00.000Z').level).toBe(0);
  });
  it('orders the inbox by due instant: a fresh emergency before an old routine, done ones last', () => {
    const mk = (id: string, state: ConsultState, urgency: 'emergency' | 'urgent' | 'routine', requestedAt: string) => ({ id, state, requestedAt, dueAt: consultDueAt(urgency, requestedAt) });
    const items = [
      mk('done', 'answered', 'emergency', '2026-11-01T08:50:00.000Z'),
      mk('routine-old', 'requested', 'routine', '2026-10-30T10:00:00.000Z'), // due 01/11 10:00
      mk('emerg-new', 'requested', 'emergency', '2026-11-01T08:55:00.000Z'), // due 09:25
      mk('urgent', 'accepted', 'urgent', '2026-11-01T06:00:00.000Z'), // due 10:00, same as routine-old: older request first
    ];
    expect([...items].sort(compareInbox).map((i) => i.id)).toEqual(['emerg-new', 'routine-old', 'urgent', 'done']);
  });
});

describe('attachments', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0]);
  const pdf = new TextEncoder().encode('%PDF-1.4\n');
  it('accepts a JPEG photo and a PDF ECG', () => {
    expect(checkAttachment('photo', 'image/jpeg', jpeg)).toBeNull();
    expect(checkAttachment('document', 'application/pdf', pdf)).toBeNull();
  });
  it('refuses a type not allowed, too large, empty, or content that is not what it says', () => {
    expect(checkAttachment('photo', 'application/pdf', pdf)?.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(checkAttachment('photo', 'image/gif', jpeg)?.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const big = new Uint8Array(5 * 1024 * 1024 + 1); big.set(jpeg);
    const tooBig = checkAttachment('photo', 'image/jpeg', big);
    expect(tooBig).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', messageVi: 'Tệp 5,0 MB, vượt giới hạn 5,0 MB' });
    expect(checkAttachment('photo', 'image/jpeg', new Uint8Array()))?.toMatchObject({ code: 'ATTACHMENT_EMPTY' });
    expect(checkAttachment('document', 'application/pdf', jpeg)?.code).toBe('ATTACHMENT_MISMATCH');
  });
});

describe('call degradation ladder', () => {
  const good = { kbps: 1200, loss: 0.01, rttMs: 80, signalling: true, connected: true };
  it('keeps video on a good link and with an unknown bitrate', () => {
    expect(callModeFor('video', good)).toBe('video');
    expect(callModeFor('video', { ...good, kbps: null })).toBe('video');
  });
  it('steps down to audio, chat, store-and-forward', () => {
    expect(callModeFor('video', { ...good, kbps: 120 })).toBe('audio');
    expect(callModeFor('video', { ...good, loss: 0.12 })).toBe('audio');
    expect(callModeFor('video', { ...good, kbps: 20 })).toBe('chat');
    expect(callModeFor('audio', { ...good, connected: false })).toBe('chat');
    expect(callModeFor('chat', { ...good, signalling: false })).toBe('store_and_forward');
  });
  it('never steps back up on its own', () => {
    expect(callModeFor('audio', good)).toBe('audio');
    expect(callModeFor('chat', good)).toBe('chat');
  });
});
