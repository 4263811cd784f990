/** In-process fan-out of alert events to the care team's open SSE streams, by facility. */
export interface AlertEvent {
  type: 'alert' | 'alert-ack' | 'alert-escalated' | 'alert-resolved';
  facilityId: string;
  data: unknown;
}

type Listener = { facilityIds: Set<string>; send: (e: AlertEvent) => void };

export class AlertHub {
  private readonly listeners = new Set<Listener>();

  subscribe(facilityIds: string[], send: (e: AlertEvent) => void): () => void {
    const l = { facilityIds: new Set(facilityIds), send };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(e: AlertEvent) {
    for (const l of this.listeners) if (l.facilityIds.has(e.facilityId)) l.send(e);
  }

  get size() {
    return this.listeners.size;
  }
}
