/**
 * An in-process TCP fault proxy for the sync fault test: random per-chunk delays (order kept),
 * random connection drops, and link cuts (every connection refused and severed while cut).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FaultOptions {
  /** Probability that a chunk kills its connection. */
  dropRate: number;
  maxDelayMs: number;
  random?: () => number;
}

export class FaultProxy {
  private server: Server;
  private sockets = new Set<Socket>();
  cut = false;
  drops = 0;
  connections = 0;
  readonly ready: Promise<number>;

  constructor(private readonly target: { host: string; port: number }, public opts: FaultOptions) {
    this.server = createServer((client) => this.accept(client));
    this.ready = new Promise((res) => this.server.listen(0, '127.0.0.1', () => res((this.server.address() as { port: number }).port)));
  }

  private kill(...ss: Socket[]) {
    for (const s of ss) s.destroy();
  }

  private accept(client: Socket) {
    this.connections++;
    if (this.cut) return client.destroy();
    const upstream = connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => this.kill(client, upstream));
    }
    const rnd = this.opts.random ?? Math.random;
    const pipe = (from: Socket, to: Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk: Buffer) => {
        if (this.cut || rnd() < this.opts.dropRate) {
          this.drops++;
          return this.kill(client, upstream);
        }
        const delay = rnd() * this.opts.maxDelayMs;
        chain = chain.then(() => new Promise<void>((r) => setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
          r();
        }, delay)));
      });
      from.on('end', () => void chain.then(() => to.end()));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  }

  /** Cuts the link: every open connection severed, new ones refused, until heal(). */
  cutLink(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
