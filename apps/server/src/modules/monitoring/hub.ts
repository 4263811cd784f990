/**
 * Fan-out of alert events to the care team's open SSE streams, by facility. In one process the hub
 * delivers directly (PGlite, a station PC). With several server replicas on one PostgreSQL, a
 * transport (fanout.ts: LISTEN/NOTIFY) carries each event to the other replicas, which deliver it
 * to their own streams; a replica ignores its own events coming back.
 */
import { randomUUID } from 'node:crypto';

export interface AlertEvent {
  type: 'alert' | 'alert-ack' | 'alert-escalated' | 'alert-resolved';
  facilityId: string;
  data: unknown;
}

type Listener = { facilityIds: Set<string>; send: (e: AlertEvent) => void };

export class AlertHub {
  private readonly listeners = new Set<Listener>();
  /** This replica's id on the wire. */
  readonly origin = randomUUID();
  private transport: ((wire: string) => void) | null = null;
  /** Events delivered here that came from another replica (for /metrics). */
  remoteDelivered = 0;

  subscribe(facilityIds: string[], send: (e: AlertEvent) => void): () => void {
    const l = { facilityIds: new Set(facilityIds), send };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(e: AlertEvent) {
    this.deliver(e);
    this.transport?.(JSON.stringify({ o: this.origin, e }));
  }

  /** Connects the hub to the other replicas: `send` gets each local event's wire form. */
  attachTransport(send: ((wire: string) => void) | null) {
    this.transport = send;
  }

  /** An event from the transport; one this replica sent is ignored (it was delivered at publish). */
  receive(wire: string) {
    let m: { o?: unknown; e?: AlertEvent };
    try {
      m = JSON.parse(wire) as { o?: unknown; e?: AlertEvent };
    } catch {
      return;
    }
    if (m.o === this.origin || !m.e || typeof m.e.facilityId !== 'string' || typeof m.e.type !== 'string') return;
    this.remoteDelivered++;
    this.deliver(m.e);
  }

  private deliver(e: AlertEvent) {
    for (const l of this.listeners) if (l.facilityIds.has(e.facilityId)) l.send(e);
  }

  get size() {
    return this.listeners.size;
  }
}
