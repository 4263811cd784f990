/**
 * One live connection to the server's alert stream (SSE, /api/alerts/stream) shared by the whole
 * app: the navigation badge, the alerts page and the toasts for new emergency alerts (issue 15,
 * point 3) all read the same list, so a nurse on any page sees what the alerts page sees.
 * Opened by the first subscriber, closed with the last (a logout unmounts them all).
 */
import { useSyncExternalStore } from 'react';
import { get } from '../../api/client.ts';

export interface LiveAlert {
  id: string;
  patientId: string;
  patientName: string | null;
  bed: string | null;
  level: 'urgent' | 'emergency';
  score: number;
  subScores: Record<string, number>;
  reason: string;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: string;
  updatedAt: string;
  acknowledgedAt?: string | null;
  escalatedAt: string | null;
}

interface State { alerts: LiveAlert[]; live: boolean }
const EMPTY: State = { alerts: [], live: false };
let state: State = EMPTY;
const listeners = new Set<() => void>();
const newAlertListeners = new Set<(a: LiveAlert) => void>();
let source: EventSource | null = null;
let subscribers = 0;

const set = (next: Partial<State>) => {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
};
const upsert = (a: LiveAlert) => set({ alerts: [a, ...state.alerts.filter((x) => x.id !== a.id)] });

function open() {
  void get<LiveAlert[]>('/api/alerts', { status: 'open' }).then((alerts) => set({ alerts })).catch(() => undefined);
  const es = new EventSource('/api/alerts/stream');
  source = es;
  es.onopen = () => set({ live: true });
  es.onerror = () => set({ live: false });
  const parse = (e: Event) => JSON.parse((e as MessageEvent).data) as LiveAlert;
  es.addEventListener('alert', (e) => {
    const a = parse(e);
    upsert(a);
    newAlertListeners.forEach((l) => l(a));
  });
  es.addEventListener('alert-ack', (e) => upsert(parse(e)));
  es.addEventListener('alert-escalated', (e) => upsert(parse(e)));
  es.addEventListener('alert-resolved', (e) => {
    const { id } = parse(e);
    set({ alerts: state.alerts.filter((x) => x.id !== id) });
  });
}

function subscribe(l: () => void) {
  listeners.add(l);
  if (subscribers++ === 0) open();
  return () => {
    listeners.delete(l);
    if (--subscribers === 0) {
      source?.close();
      source = null;
      state = EMPTY;
    }
  };
}

/** The open and acknowledged (not yet resolved) alerts of the user's facilities, kept live. */
export function useAlertStore(): State {
  return useSyncExternalStore(subscribe, () => state);
}

/** Replaces one alert (e.g. after the user acknowledged it). */
export const replaceAlert = (a: LiveAlert) => upsert(a);

/** Called for each new or raised alert pushed by the server. */
export function onNewAlert(fn: (a: LiveAlert) => void) {
  newAlertListeners.add(fn);
  return () => void newAlertListeners.delete(fn);
}

/** Alerts no one has acknowledged yet (the navigation badge). */
export const unacknowledged = (alerts: LiveAlert[]) => alerts.filter((a) => a.status === 'open');

// ---- optional sound (off by default; a per-browser setting) --------------------------------
const SOUND_KEY = 'yte.alerts.sound';
export const soundEnabled = () => localStorage.getItem(SOUND_KEY) === 'on';
export const setSoundEnabled = (on: boolean) => (on ? localStorage.setItem(SOUND_KEY, 'on') : localStorage.removeItem(SOUND_KEY));

/** Two short tones through Web Audio (no sound file to ship or download). */
export function playAlertSound() {
  // Counted so a browser test can tell that the sound was asked for (headless browsers have no speaker).
  document.documentElement.dataset.alertSounds = String(Number(document.documentElement.dataset.alertSounds ?? 0) + 1);
  try {
    const ctx = new AudioContext();
    for (const [i, f] of [880, 660].entries()) {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = f;
      g.gain.value = 0.2;
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + i * 0.25);
      o.stop(ctx.currentTime + i * 0.25 + 0.2);
    }
  } catch {
    /* no audio device: the toast still shows */
  }
}
