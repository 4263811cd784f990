/**
 * WebRTC signalling for a consult's live call, over one WebSocket per participant. The server only
 * relays SDP and ICE between the consult's two sides (the station and the hospital), stores chat and
 * the call record (start, connect, end, participants, mode, recording consent); media never passes
 * through it (peer-to-peer, or via the TURN relay). One process holds the rooms in memory: a deployment
 * with several server processes needs sticky routing by consult id.
 *
 * Protocol (JSON text frames, ≤ 64 KiB):
 *   server → client  {type:'welcome', side, callId, peers:[side], iceServers}
 *                    {type:'peer-joined', side} (the participant already present makes the offer)
 *                    {type:'peer-left', side} | {type:'error', status, code, message, messageVi}
 *   client → server  {type:'offer'|'answer', sdp} | {type:'ice', candidate} | {type:'chat', body}
 *                    {type:'mode', mode} | {type:'connected'} | {type:'consent', value} | {type:'bye'}
 *   Relayed frames carry `from` (the sender's side). A frame naming another consultId → 403 error frame.
 */
import type { ConsultSide } from '@yte/clinical';
import type { Db } from '../../db/db.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { Actor } from '../auth/roles.ts';
import { callEvent, callJoined, postMessage } from './teleconsult.service.ts';

/** The part of a ws WebSocket this hub uses (tests may pass their own). */
export interface SignalSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', fn: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
}

interface Peer { socket: SignalSocket; actor: Actor; side: ConsultSide }
interface Room { consultId: string; callId: string; peers: Map<ConsultSide, Peer>; mode: string | null }

const MAX_FRAME = 64 * 1024;
const MODES = new Set(['video', 'audio', 'chat', 'store_and_forward']);
const other = (s: ConsultSide): ConsultSide => (s === 'requesting' ? 'consulting' : 'requesting');

export class SignallingHub {
  private rooms = new Map<string, Room>();
  constructor(private db: Db, private log: { warn(o: object, m: string): void }) {}

  /** Participants in a consult's call right now (for the UI: "the specialist is waiting"). */
  present(consultId: string): ConsultSide[] {
    return [...(this.rooms.get(consultId)?.peers.keys() ?? [])];
  }

  async join(socket: SignalSocket, actor: Actor, consultId: string, side: ConsultSide, iceServers: unknown) {
    // Buffer frames that arrive while the call record is being written.
    const early: Array<Buffer | ArrayBuffer | Buffer[]> = [];
    let ready = false;
    socket.on('message', (data) => { if (ready) void this.onFrame(consultId, side, actor, data); else early.push(data); });
    let closed = false;
    socket.on('close', () => { closed = true; void this.leave(consultId, side, socket); });

    const callId = await callJoined(this.db, actor, consultId, side);
    let room = this.rooms.get(consultId);
    if (!room || room.callId !== callId) {
      room = { consultId, callId, peers: new Map(), mode: room?.mode ?? null };
      this.rooms.set(consultId, room);
    }
    const old = room.peers.get(side);
    if (old && old.socket !== socket) old.socket.close(4000, 'replaced by a newer connection');
    room.peers.set(side, { socket, actor, side });
    if (closed) { void this.leave(consultId, side, socket); return; }
    send(socket, { type: 'welcome', side, callId, peers: [...room.peers.keys()].filter((s) => s !== side), iceServers });
    const peer = room.peers.get(other(side));
    if (peer) send(peer.socket, { type: 'peer-joined', side, name: actor.fullName });
    ready = true;
    for (const d of early) await this.onFrame(consultId, side, actor, d);
  }

  private async leave(consultId: string, side: ConsultSide, socket: SignalSocket) {
    const room = this.rooms.get(consultId);
    if (!room || room.peers.get(side)?.socket !== socket) return;
    room.peers.delete(side);
    const peer = room.peers.get(other(side));
    if (peer) send(peer.socket, { type: 'peer-left', side });
    if (room.peers.size === 0) {
      this.rooms.delete(consultId);
      await callEvent(this.db, room.callId, { ended_at: new Date(), end_reason: 'all left', ...(room.mode ? { final_mode: room.mode } : {}) }).catch((err) => this.log.warn({ err }, 'call end not recorded'));
    }
  }

  private async onFrame(consultId: string, side: ConsultSide, actor: Actor, data: Buffer | ArrayBuffer | Buffer[]) {
    const room = this.rooms.get(consultId);
    const me = room?.peers.get(side);
    if (!room || !me) return;
    const raw = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (raw.length > MAX_FRAME) return send(me.socket, errorFrame(400, 'FRAME_TOO_LARGE', 'Signalling frame over 64 KiB', 'Gói tin báo hiệu quá lớn'));
    let msg: Record<string, unknown>;
    try {
      const v = JSON.parse(raw.toString('utf8')) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      msg = v as Record<string, unknown>;
    } catch {
      return send(me.socket, errorFrame(400, 'MALFORMED_FRAME', 'Frame is not a JSON object', 'Gói tin không phải JSON'));
    }
    if (msg.consultId !== undefined && msg.consultId !== consultId) {
      // A message for a call this user is not part of (on this socket): refused and recorded.
      await this.db.tx((q) => appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'TeleconsultCall', resourceId: typeof msg.consultId === 'string' ? msg.consultId.slice(0, 64) : null, patientId: null, outcome: 'denied', details: { socketConsult: consultId } })).catch(() => undefined);
      return send(me.socket, errorFrame(403, 'NOT_YOUR_CALL', 'You are not part of that call', 'Bạn không tham gia cuộc gọi này'));
    }
    const peer = room.peers.get(other(side));
    switch (msg.type) {
      case 'offer':
      case 'answer':
        if (typeof msg.sdp !== 'string' || msg.sdp.length > MAX_FRAME) return send(me.socket, errorFrame(400, 'BAD_SDP', 'sdp must be a string', 'SDP không hợp lệ'));
        if (peer) send(peer.socket, { type: msg.type, sdp: msg.sdp, from: side });
        return;
      case 'ice':
        if (msg.candidate !== null && typeof msg.candidate !== 'object') return send(me.socket, errorFrame(400, 'BAD_CANDIDATE', 'candidate must be an object or null', 'ICE candidate không hợp lệ'));
        if (peer) send(peer.socket, { type: 'ice', candidate: msg.candidate, from: side });
        return;
      case 'chat': {
        if (typeof msg.body !== 'string' || !msg.body.trim() || msg.body.length > 4000) return send(me.socket, errorFrame(400, 'BAD_CHAT', 'body must be 1–4000 characters', 'Tin nhắn phải có 1–4000 ký tự'));
        const m = await postMessage(this.db, actor, consultId, msg.body, room.callId).catch(() => null);
        if (!m) return send(me.socket, errorFrame(404, 'NOT_FOUND', 'Consult not found', 'Không tìm thấy ca hội chẩn'));
        for (const p of room.peers.values()) send(p.socket, { type: 'chat', message: m, from: side });
        return;
      }
      case 'mode':
        if (typeof msg.mode !== 'string' || !MODES.has(msg.mode)) return send(me.socket, errorFrame(400, 'BAD_MODE', 'mode must be video, audio, chat or store_and_forward', 'Chế độ gọi không hợp lệ'));
        room.mode = msg.mode;
        await callEvent(this.db, room.callId, { final_mode: msg.mode });
        if (peer) send(peer.socket, { type: 'mode', mode: msg.mode, from: side });
        return;
      case 'connected':
        await callEvent(this.db, room.callId, { connected_at: new Date() });
        return;
      case 'consent':
        if (typeof msg.value !== 'boolean') return send(me.socket, errorFrame(400, 'BAD_CONSENT', 'value must be true or false', 'Giá trị đồng ý không hợp lệ'));
        await callEvent(this.db, room.callId, side === 'requesting' ? { consent_requesting: msg.value } : { consent_consulting: msg.value });
        if (peer) send(peer.socket, { type: 'consent', value: msg.value, from: side });
        return;
      case 'bye':
        me.socket.close(1000, 'bye');
        return;
      default:
        return send(me.socket, errorFrame(400, 'UNKNOWN_TYPE', 'Unknown frame type', 'Loại gói tin không xác định'));
    }
  }

  closeAll() {
    for (const r of this.rooms.values()) for (const p of r.peers.values()) p.socket.close(1001, 'server shutting down');
  }
}

function send(s: SignalSocket, o: unknown) {
  try { s.send(JSON.stringify(o)); } catch { /* socket already gone */ }
}

const errorFrame = (status: number, code: string, message: string, messageVi: string) => ({ type: 'error', status, code, message, messageVi });
