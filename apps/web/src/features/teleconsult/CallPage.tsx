/**
 * The live consult call (WebRTC). Signalling over the server's WebSocket (only the consult's two
 * sides may join); media peer-to-peer or through the TURN relay (coturn) with time-limited
 * credentials from the server. The call steps down on a poor link: video → audio → chat, and when
 * even signalling is gone, back to the store-and-forward consult (callModeFor in @yte/clinical).
 * `?relay=1` forces the relay (iceTransportPolicy 'relay'), e.g. to test the TURN path.
 * The connection panel shows what getStats() reports (candidate types, bytes each way); its data-*
 * attributes are what the browser test reads.
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { type CallMode, callModeFor } from '../../../../../packages/clinical/src/teleconsult.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/format.ts';

interface Stats {
  localType: string | null; remoteType: string | null; bytesSent: number; bytesReceived: number;
  videoBytesReceived: number; audioBytesReceived: number; kbps: number | null; loss: number; rttMs: number | null;
}
interface ChatLine { id: string; authorName: string; body: string; sentAt: string }

const EMPTY: Stats = { localType: null, remoteType: null, bytesSent: 0, bytesReceived: 0, videoBytesReceived: 0, audioBytesReceived: 0, kbps: null, loss: 0, rttMs: null };
const ICE_TIMEOUT_MS = 25_000;

async function readStats(pc: RTCPeerConnection, prevLost: { lost: number; got: number }): Promise<Stats> {
  const report = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
  let pair: Record<string, unknown> | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId as string);
  });
  if (!pair) report.forEach((s: Record<string, unknown>) => { if (s.type === 'candidate-pair' && s.state === 'succeeded' && (s.nominated || s.selected)) pair = s; });
  const out: Stats = { ...EMPTY };
  if (pair) {
    out.localType = (byId.get(pair.localCandidateId as string)?.candidateType as string) ?? null;
    out.remoteType = (byId.get(pair.remoteCandidateId as string)?.candidateType as string) ?? null;
    out.bytesSent = Number(pair.bytesSent ?? 0);
    out.bytesReceived = Number(pair.bytesReceived ?? 0);
    out.kbps = typeof pair.availableOutgoingBitrate === 'number' ? pair.availableOutgoingBitrate / 1000 : null;
    out.rttMs = typeof pair.currentRoundTripTime === 'number' ? pair.currentRoundTripTime * 1000 : null;
  }
  let lost = 0; let got = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') out.videoBytesReceived += Number(s.bytesReceived ?? 0);
    if (s.kind === 'audio') out.audioBytesReceived += Number(s.bytesReceived ?? 0);
    lost += Number(s.packetsLost ?? 0); got += Number(s.packetsReceived ?? 0);
  });
  const dl = lost - prevLost.lost; const dg = got - prevLost.got;
  out.loss = dl + dg > 0 ? Math.max(0, dl) / (dl + dg) : 0;
  prevLost.lost = lost; prevLost.got = got;
  return out;
}

export function CallPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const relayOnly = search.get('relay') === '1';
  const { t, lang } = useI18n();
  const localVideo = useRef<HTMLVideoElement>(null);
  const remoteVideo = useRef<HTMLVideoElement>(null);
  const wsRef = useRef<WebSocket | null>(null);
  const pcRef = useRef<RTCPeerConnection | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const modeRef = useRef<CallMode>('video');
  const [status, setStatus] = useState<'connecting' | 'waiting' | 'connected' | 'ended' | 'failed'>('connecting');
  const [mode, setModeState] = useState<CallMode>('video');
  const [stats, setStats] = useState<Stats>(EMPTY);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [msg, setMsg] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = (o: unknown) => { if (wsRef.current?.readyState === WebSocket.OPEN) wsRef.current.send(JSON.stringify(o)); };
  const applyMode = (m: CallMode, announce = true) => {
    if (m === modeRef.current) return;
    modeRef.current = m;
    setModeState(m);
    // Step down: stop sending video in audio mode, and all media in chat mode (saves the link for chat).
    for (const tr of streamRef.current?.getTracks() ?? []) tr.enabled = m === 'video' || (m === 'audio' && tr.kind === 'audio');
    if (announce) send({ type: 'mode', mode: m });
  };

  useEffect(() => {
    let closed = false;
    const pendingIce: RTCIceCandidateInit[] = [];
    const lossState = { lost: 0, got: 0 };
    let iceTimer: ReturnType<typeof setTimeout> | undefined;
    let statsTimer: ReturnType<typeof setInterval> | undefined;
    let connectedOnce = false;

    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/teleconsults/${id}/signal`);
    wsRef.current = ws;
    // Marks for the call-setup bench (bench/teleconsult.bench.ts): signalling open → media connected.
    ws.onopen = () => performance.mark('tc-signal-open');

    const makePc = (iceServers: RTCIceServer[]) => {
      const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' });
      pcRef.current = pc;
      for (const tr of streamRef.current?.getTracks() ?? []) pc.addTrack(tr, streamRef.current!);
      if (!streamRef.current) {
        // No camera/microphone: still receive the other side's media.
        pc.addTransceiver('audio', { direction: 'recvonly' });
        pc.addTransceiver('video', { direction: 'recvonly' });
      }
      pc.onicecandidate = (e) => send({ type: 'ice', candidate: e.candidate ? e.candidate.toJSON() : null });
      pc.ontrack = (e) => { if (remoteVideo.current && e.streams[0]) remoteVideo.current.srcObject = e.streams[0]; };
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === 'connected') {
          clearTimeout(iceTimer);
          setStatus('connected');
          performance.mark('tc-call-connected');
          if (!connectedOnce) { connectedOnce = true; send({ type: 'connected' }); }
        }
        if (pc.connectionState === 'failed') fallback();
      };
      statsTimer = setInterval(async () => {
        if (pc.connectionState === 'closed') return;
        const s = await readStats(pc, lossState).catch(() => null);
        if (!s) return;
        setStats(s);
        if (pc.connectionState === 'connected') {
          const next = callModeFor(modeRef.current, { kbps: s.kbps, loss: s.loss, rttMs: s.rttMs, signalling: ws.readyState === WebSocket.OPEN, connected: true });
          applyMode(next);
        }
      }, 1000);
      return pc;
    };

    const fallback = () => {
      if (closed) return;
      setStatus('failed');
      applyMode('chat');
    };

    const offer = async () => {
      const pc = pcRef.current!;
      await pc.setLocalDescription(await pc.createOffer());
      send({ type: 'offer', sdp: pc.localDescription!.sdp });
      clearTimeout(iceTimer);
      iceTimer = setTimeout(() => { if (pc.connectionState !== 'connected') fallback(); }, ICE_TIMEOUT_MS);
    };
    const flushIce = async () => { while (pendingIce.length) await pcRef.current!.addIceCandidate(pendingIce.shift()!).catch(() => undefined); };

    const media = navigator.mediaDevices?.getUserMedia({ video: { width: 640, height: 360 }, audio: true })
      .catch(() => navigator.mediaDevices.getUserMedia({ audio: true }))
      .then((s) => {
        streamRef.current = s;
        if (localVideo.current) localVideo.current.srcObject = s;
        if (!s.getVideoTracks().length) applyMode('audio', false);
      })
      .catch(() => { setNotice(t('tc.call.noMedia')); applyMode('chat', false); }) ?? Promise.resolve();

    // Frames are handled one after another (each handler awaits WebRTC calls).
    let chain: Promise<void> = Promise.resolve();
    ws.onmessage = (ev) => { chain = chain.then(() => handle(ev)).catch(() => undefined); };
    const handle = async (ev: MessageEvent) => {
      const m = JSON.parse(String(ev.data)) as Record<string, unknown>;
      await media;
      switch (m.type) {
        case 'welcome':
          makePc(m.iceServers as RTCIceServer[]);
          setStatus((m.peers as string[]).length ? 'connecting' : 'waiting');
          if (modeRef.current !== 'video') send({ type: 'mode', mode: modeRef.current });
          break;
        case 'peer-joined':
          setNotice(null);
          if (pcRef.current && pcRef.current.signalingState !== 'stable') break;
          if (pcRef.current && pcRef.current.connectionState !== 'new') {
            // The other side rejoined: start a fresh connection.
            pcRef.current.close();
            clearInterval(statsTimer);
            makePc(pcRef.current.getConfiguration().iceServers ?? []);
          }
          await offer();
          break;
        case 'offer': {
          const pc = pcRef.current!;
          await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp as string });
          await flushIce();
          await pc.setLocalDescription(await pc.createAnswer());
          send({ type: 'answer', sdp: pc.localDescription!.sdp });
          clearTimeout(iceTimer);
          iceTimer = setTimeout(() => { if (pc.connectionState !== 'connected') fallback(); }, ICE_TIMEOUT_MS);
          break;
        }
        case 'answer':
          await pcRef.current!.setRemoteDescription({ type: 'answer', sdp: m.sdp as string });
          await flushIce();
          break;
        case 'ice':
          if (!m.candidate) break;
          if (pcRef.current?.remoteDescription) await pcRef.current.addIceCandidate(m.candidate as RTCIceCandidateInit).catch(() => undefined);
          else pendingIce.push(m.candidate as RTCIceCandidateInit);
          break;
        case 'chat': setChat((c) => [...c, m.message as ChatLine]); break;
        case 'mode': if (CALL_ORDER.indexOf(m.mode as CallMode) > CALL_ORDER.indexOf(modeRef.current)) applyMode(m.mode as CallMode, false); break;
        case 'peer-left': setNotice(t('tc.call.peerLeft')); setStatus('waiting'); break;
        case 'error': setError(lang === 'vi' ? String(m.messageVi) : String(m.message)); break;
      }
    };
    ws.onerror = () => { if (!closed) setError(t('tc.call.fallback')); };
    ws.onclose = () => {
      if (closed) return;
      setStatus((s) => (s === 'ended' ? s : 'failed'));
      applyMode('store_and_forward', false);
    };
    return () => {
      closed = true;
      clearTimeout(iceTimer);
      clearInterval(statsTimer);
      ws.close();
      pcRef.current?.close();
      for (const tr of streamRef.current?.getTracks() ?? []) tr.stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, relayOnly]);

  const end = () => {
    send({ type: 'bye' });
    setStatus('ended');
    pcRef.current?.close();
    for (const tr of streamRef.current?.getTracks() ?? []) tr.stop();
  };
  const relayed = stats.localType === 'relay' || stats.remoteType === 'relay';
  return (
    <Stack data-testid="tc-call-page">
      <Anchor component={Link} to={`/teleconsults/${id}`} size="sm">← {t('tc.back')}</Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('tc.call.title')}</Title>
        <Group gap="xs">
          <Badge data-testid="tc-call-status" color={status === 'connected' ? 'green' : status === 'failed' ? 'red' : 'gray'}>{t(`tc.call.${status === 'failed' ? 'mode.chat' : status}`)}</Badge>
          <Badge variant="light" data-testid="tc-call-mode">{t(`tc.call.mode.${mode}`)}</Badge>
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {(status === 'failed' || mode === 'store_and_forward') && (
        <Alert color="yellow" data-testid="tc-call-fallback">{t('tc.call.fallback')} <Anchor component={Link} to={`/teleconsults/${id}`}>{t('tc.back')}</Anchor></Alert>
      )}
      {notice && <Alert color="blue">{notice}</Alert>}
      <Group align="start" wrap="wrap" gap="sm">
        <video ref={remoteVideo} autoPlay playsInline style={{ width: 'min(100%, 640px)', aspectRatio: '16 / 9', background: '#111', borderRadius: 8, display: mode === 'video' ? undefined : 'none' }} data-testid="tc-remote-video" />
        <video ref={localVideo} autoPlay playsInline muted style={{ width: 'min(40%, 200px)', aspectRatio: '16 / 9', background: '#333', borderRadius: 8, display: mode === 'video' ? undefined : 'none' }} />
      </Group>
      <Card withBorder padding="xs" data-testid="call-stats" data-local-candidate-type={stats.localType ?? ''} data-remote-candidate-type={stats.remoteType ?? ''}
        data-bytes-sent={stats.bytesSent} data-bytes-received={stats.bytesReceived} data-video-bytes-received={stats.videoBytesReceived} data-audio-bytes-received={stats.audioBytesReceived}>
        <Text size="xs" c="dimmed">
          {stats.localType ? t(relayed ? 'tc.call.relay' : 'tc.call.direct') : t('tc.call.connecting')} · ↑ {Math.round(stats.bytesSent / 1024)} KB · ↓ {Math.round(stats.bytesReceived / 1024)} KB
          {stats.kbps !== null ? ` · ${Math.round(stats.kbps)} kbit/s` : ''}{stats.rttMs !== null ? ` · RTT ${Math.round(stats.rttMs)} ms` : ''}
        </Text>
      </Card>
      <Group>
        {mode === 'video' && status === 'connected' && <Button variant="light" onClick={() => applyMode('audio')}>{t('tc.call.toAudio')}</Button>}
        <Button color="red" onClick={end} disabled={status === 'ended'}>{t('tc.call.end')}</Button>
        <Checkbox label={t('tc.call.consent')} checked={consent} onChange={(e) => { setConsent(e.currentTarget.checked); send({ type: 'consent', value: e.currentTarget.checked }); }} />
      </Group>
      <Card withBorder>
        <Stack gap={4} data-testid="tc-call-chat">
          {chat.map((c) => <Text key={c.id} size="sm"><b>{c.authorName}</b> <Text span size="xs" c="dimmed">{formatDateTime(c.sentAt, lang)}</Text>: {c.body}</Text>)}
        </Stack>
        <Group mt="xs" align="end">
          <TextInput label={t('tc.message')} value={msg} onChange={(e) => setMsg(e.currentTarget.value)} style={{ flex: 1 }} onKeyDown={(e) => { if (e.key === 'Enter' && msg.trim()) { send({ type: 'chat', body: msg }); setMsg(''); } }} />
          <Button variant="light" disabled={!msg.trim()} onClick={() => { send({ type: 'chat', body: msg }); setMsg(''); }}>{t('tc.send')}</Button>
        </Group>
      </Card>
    </Stack>
  );
}

const CALL_ORDER: CallMode[] = ['video', 'audio', 'chat', 'store_and_forward'];
