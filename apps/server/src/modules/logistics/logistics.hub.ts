/** In-process fan-out of drone positions and alerts to the map's open SSE streams, by facility. */
export interface DroneEvent {
  type: 'position' | 'alert' | 'flight';
  /** The facilities that may see it (origin, destination). */
  facilityIds: string[];
  data: unknown;
}

type Listener = { facilityIds: Set<string>; send: (e: DroneEvent) => void };

export class DroneHub {
  private readonly listeners = new Set<Listener>();

  subscribe(facilityIds: string[], send: (e: DroneEvent) => void): () => void {
    const l = { facilityIds: new Set(facilityIds), send };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(e: DroneEvent) {
    for (const l of this.listeners) if (e.facilityIds.some((f) => l.facilityIds.has(f))) l.send(e);
  }
}
