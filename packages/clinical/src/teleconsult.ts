/**
 * Teleconsultation (tư vấn / hội chẩn từ xa) between a commune station and a hospital specialist:
 * the consult's state machine, response-time targets with escalation, the inbox order, attachment
 * checks and the live call's degradation ladder. Pure: no I/O, no clock; callers pass instants.
 *
 * Rules: Thông tư 49/2017/TT-BYT of 28/12/2017 (Bộ Y tế, "quy định về hoạt động y tế từ xa"),
 * verified on public copies (thuvienphapluat.vn; khamtuxa.vn summary), 12/2026:
 *  - Điều 1: telehealth covers tư vấn y tế từ xa and hội chẩn tư vấn khám bệnh, chữa bệnh / chẩn đoán
 *    hình ảnh từ xa — the two kinds of consult here.
 *  - the party asking for advice decides and is responsible for how the advice is used, and reports
 *    the outcome back to the adviser. So the specialist's answer is a suggestion the station accepts
 *    or overrides (with a reason); it never writes into the chart by itself.
 *  - the adviser advises only within the scope of their practising certificate (recorded as the
 *    answering user; the certificate check itself is outside yte).
 *  - the conclusion of a hội chẩn is recorded (Biên bản hội chẩn, Phụ lục I of the circular): the
 *    answer's advice, and the call's start, end and participants.
 * Response-time targets per urgency are NOT from the circular (it sets none): they are yte's default
 * policy (CONSULT_TARGET_MINUTES), which a network may change. Marked as such wherever shown.
 *
 *   requested ──accepted──▶ accepted ──answered──▶ answered ──closed──▶ closed
 *   requested ──answered──▶ answered            (the specialist may answer without taking it first)
 *   requested / accepted ──cancelled──▶ cancelled (either side, with a reason: station withdrew, or
 *                                                  hospital declined/redirected)
 */

export const CONSULT_STATES = ['requested', 'accepted', 'answered', 'closed', 'cancelled'] as const;
export type ConsultState = (typeof CONSULT_STATES)[number];
export const CONSULT_URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export type ConsultUrgency = (typeof CONSULT_URGENCIES)[number];
/** The station that asks, or the hospital side that advises. */
export type ConsultSide = 'requesting' | 'consulting';

type Minutes = number & { __unit: 'min' };
const min = (n: number) => n as Minutes;

/**
 * yte default response-time targets (minutes from request to answer). Local policy, not a rule of
 * TT 49/2017 (which sets no response times). Emergency 30 min, urgent 4 h, routine 48 h.
 */
export const CONSULT_TARGET_MINUTES: Readonly<Record<ConsultUrgency, Minutes>> = {
  emergency: min(30), urgent: min(240), routine: min(2880),
};

export interface ConsultTransitionRule { from: ConsultState; to: ConsultState; by: readonly ConsultSide[] }

export const CONSULT_TRANSITIONS: readonly ConsultTransitionRule[] = [
  { from: 'requested', to: 'accepted', by: ['consulting'] },
  { from: 'requested', to: 'answered', by: ['consulting'] },
  { from: 'accepted', to: 'answered', by: ['consulting'] },
  // TT 49/2017: the asking party decides on the advice and reports back; closing records that decision.
  { from: 'answered', to: 'closed', by: ['requesting'] },
  { from: 'requested', to: 'cancelled', by: ['requesting', 'consulting'] },
  { from: 'accepted', to: 'cancelled', by: ['requesting', 'consulting'] },
];

export type ConsultTransitionCheck =
  | { ok: true }
  | { ok: false; code: 'invalid_transition' | 'not_allowed_for_side'; message: string };

export function checkConsultTransition(from: ConsultState, to: ConsultState, side: ConsultSide): ConsultTransitionCheck {
  const rule = CONSULT_TRANSITIONS.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, code: 'invalid_transition', message: `a consult cannot go from ${from} to ${to}` };
  if (!rule.by.includes(side)) return { ok: false, code: 'not_allowed_for_side', message: `only the ${rule.by.join(' or ')} side may move a consult from ${from} to ${to}` };
  return { ok: true };
}

export function nextConsultStates(from: ConsultState, side: ConsultSide): ConsultState[] {
  return CONSULT_TRANSITIONS.filter((r) => r.from === from && r.by.includes(side)).map((r) => r.to);
}

/** States in which the hospital still owes an answer (the inbox's open consults). */
export const OPEN_CONSULT_STATES: readonly ConsultState[] = ['requested', 'accepted'];

/** When the answer is due: request instant + the urgency's target. ISO in, ISO out. */
export function consultDueAt(urgency: ConsultUrgency, requestedAt: string, targets: Readonly<Record<ConsultUrgency, number>> = CONSULT_TARGET_MINUTES): string {
  const t = Date.parse(requestedAt);
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${requestedAt}`);
  return new Date(t + targets[urgency] * 60_000).toISOString();
}

export interface ConsultEscalation {
  /** 0 on time (or no longer open), 1 past the target, 2 past twice the target (goes to the head of department). */
  level: 0 | 1 | 2;
  /** Minutes past the due instant (0 when not late). */
  minutesLate: number;
  /** Minutes since the request. */
  minutesWaiting: number;
}

/** Whether an open consult missed its response-time target, and by how much. */
export function consultEscalation(c: { state: ConsultState; urgency: ConsultUrgency; requestedAt: string }, now: string,
  targets: Readonly<Record<ConsultUrgency, number>> = CONSULT_TARGET_MINUTES): ConsultEscalation {
  const waiting = Math.max(0, (Date.parse(now) - Date.parse(c.requestedAt)) / 60_000);
  if (!OPEN_CONSULT_STATES.includes(c.state)) return { level: 0, minutesLate: 0, minutesWaiting: waiting };
  const target = targets[c.urgency];
  const late = Math.max(0, waiting - target);
  return { level: waiting > 2 * target ? 2 : waiting > target ? 1 : 0, minutesLate: late, minutesWaiting: waiting };
}

/**
 * The inbox order: open before done; among open, the earliest due first (urgency and waiting time
 * together: an emergency asked 5 min ago, due in 25, comes before a routine one asked 47 h ago, due in
 * 60); ties by the older request. Closed ones newest first. The SQL in the server sorts the same way
 * (ORDER BY open DESC, due_at, requested_at); the tests compare the two.
 */
export function compareInbox(a: { state: ConsultState; dueAt: string; requestedAt: string }, b: { state: ConsultState; dueAt: string; requestedAt: string }): number {
  const ao = OPEN_CONSULT_STATES.includes(a.state);
  const bo = OPEN_CONSULT_STATES.includes(b.state);
  if (ao !== bo) return ao ? -1 : 1;
  if (ao) return (Date.parse(a.dueAt) - Date.parse(b.dueAt)) || (Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
  return Date.parse(b.requestedAt) - Date.parse(a.requestedAt);
}

// ---------- attachments ----------

export const ATTACHMENT_KINDS = ['photo', 'document', 'imaging_study'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Allowed media types and size limits per kind (yte policy; photos of wound, skin, eye; ECG as PDF or image). */
export const ATTACHMENT_RULES: Readonly<Record<Exclude<AttachmentKind, 'imaging_study'>, { mediaTypes: readonly string[]; maxBytes: number }>> = {
  photo: { mediaTypes: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * 1024 * 1024 },
  document: { mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
};

export type AttachmentProblem = { code: 'ATTACHMENT_TYPE_NOT_ALLOWED' | 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_EMPTY' | 'ATTACHMENT_MISMATCH'; message: string; messageVi: string };

/** Magic bytes of the allowed types: the declared type must match the content. */
const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/webp': (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45,
  'application/pdf': (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46,
};

/** null when the file may be attached; else why not (bilingual). */
export function checkAttachment(kind: Exclude<AttachmentKind, 'imaging_study'>, mediaType: string, bytes: Uint8Array): AttachmentProblem | null {
  const rule = ATTACHMENT_RULES[kind];
  if (!rule.mediaTypes.includes(mediaType)) {
    return { code: 'ATTACHMENT_TYPE_NOT_ALLOWED', message: `A ${kind} may be ${rule.mediaTypes.join(', ')}; got ${mediaType}`, messageVi: `Tệp loại ${mediaType} không được phép; chỉ nhận ${rule.mediaTypes.join(', ')}` };
  }
  if (bytes.length === 0) return { code: 'ATTACHMENT_EMPTY', message: 'The file is empty', messageVi: 'Tệp rỗng' };
  if (bytes.length > rule.maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return { code: 'ATTACHMENT_TOO_LARGE', message: `The file is ${mb(bytes.length)} MB; the limit is ${mb(rule.maxBytes)} MB`, messageVi: `Tệp ${mb(bytes.length).replace('.', ',')} MB, vượt giới hạn ${mb(rule.maxBytes).replace('.', ',')} MB` };
  }
  if (!MAGIC[mediaType]!(bytes)) return { code: 'ATTACHMENT_MISMATCH', message: `The content is not ${mediaType}`, messageVi: `Nội dung tệp không phải ${mediaType}` };
  return null;
}

// ---------- live call ----------

export const CALL_MODES = ['video', 'audio', 'chat', 'store_and_forward'] as const;
export type CallMode = (typeof CALL_MODES)[number];

/** What the link measured over the last interval (from WebRTC getStats or the signalling channel). */
export interface LinkSample {
  /** Available outgoing bitrate estimate, kbit/s (candidate-pair availableOutgoingBitrate); null if unknown (not held against the call). */
  kbps: number | null;
  /** Fraction of packets lost, 0..1. */
  loss: number;
  /** Round-trip time, ms; null if unknown. */
  rttMs: number | null;
  /** Whether the signalling channel (WebSocket) is up. */
  signalling: boolean;
  /** Whether ICE connected at all (a relay or direct pair is in use). */
  connected: boolean;
}

/**
 * Engineering thresholds (not a clinical rule; set from common WebRTC practice: low-resolution VP8
 * video needs roughly 150–300 kbit/s, Opus speech works from about 16–32 kbit/s). Unverified against
 * any standard; tune per network.
 */
export const CALL_THRESHOLDS = { videoKbps: 250, videoMaxLoss: 0.08, audioKbps: 40, audioMaxLoss: 0.2, maxRttMs: 1500 } as const;

/**
 * The degradation ladder: video → audio → chat → store-and-forward. A call only steps down on its
 * own; stepping back up is the user's choice (flapping is worse than a stable lower mode).
 */
export function callModeFor(current: CallMode, s: LinkSample, t = CALL_THRESHOLDS): CallMode {
  let fit: CallMode;
  if (!s.signalling) fit = 'store_and_forward';
  else if (!s.connected) fit = 'chat';
  else if ((s.kbps === null || s.kbps >= t.videoKbps) && s.loss <= t.videoMaxLoss && (s.rttMs ?? 0) <= t.maxRttMs) fit = 'video';
  else if ((s.kbps === null || s.kbps >= t.audioKbps) && s.loss <= t.audioMaxLoss && (s.rttMs ?? 0) <= t.maxRttMs) fit = 'audio';
  else fit = 'chat';
  return CALL_MODES.indexOf(fit) > CALL_MODES.indexOf(current) ? fit : current;
}
