// Starts Debian's coturn (`turnserver`) for tests and benches with its own configuration on
// 127.0.0.1 — never the system service. TURN REST API auth (use-auth-secret + static-auth-secret):
// yte mints time-limited HMAC credentials from the same secret (apps/server/src/modules/teleconsult/turn.ts).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether coturn is installed (apt-get install coturn). */
export function hasCoturn() {
  return spawnSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' }).status === 0;
}

/** Resolves once something answers a STUN Binding request on the port (coturn is listening). */
async function stunReady(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  // STUN Binding request: type 0x0001, length 0, magic cookie, 12-byte transaction id (RFC 5389 §6).
  const req = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = createSocket('udp4');
      const t = setTimeout(() => { s.close(); resolve(false); }, 300);
      s.on('message', (m) => { clearTimeout(t); s.close(); resolve(m.readUInt16BE(0) === 0x0101); });
      s.send(req, port, '127.0.0.1');
    });
    if (ok) return;
  }
  throw new Error(`coturn did not answer STUN on 127.0.0.1:${port}`);
}

/**
 * @param {{ port: number, minRelayPort: number, maxRelayPort: number }} ports listening port and relay port range (all on 127.0.0.1)
 * @returns {Promise<{ urls: string[], secret: string, port: number, stop: () => void, pid: number }>}
 */
export async function startCoturn({ port, minRelayPort, maxRelayPort }) {
  const dir = mkdtempSync(join(tmpdir(), 'yte-coturn-'));
  const secret = randomBytes(24).toString('hex');
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(conf, [
    'listening-ip=127.0.0.1',
    'relay-ip=127.0.0.1',
    `listening-port=${port}`,
    `min-port=${minRelayPort}`,
    `max-port=${maxRelayPort}`,
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    'realm=yte.test',
    'fingerprint',
    'no-tls',
    'no-dtls',
    'no-tcp-relay',
    'no-cli',
    'no-multicast-peers',
    // both peers and their relays are on this machine in tests
    'allow-loopback-peers',
    `userdb=${join(dir, 'turndb')}`,
    `pidfile=${join(dir, 'turnserver.pid')}`,
    'no-stdout-log',
    `log-file=${join(dir, 'turn.log')}`,
    'simple-log',
    'no-software-attribute',
    '',
  ].join('\n'));
  // coturn prints "socket: Protocol not supported" on machines without IPv6: kept, shown only on failure.
  const child = spawn('turnserver', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await stunReady(port, 10_000);
  } catch (e) {
    stop();
    throw new Error(`${e.message}; turnserver said: ${stderr.trim() || '(nothing)'}`);
  }
  return { urls: [`turn:127.0.0.1:${port}?transport=udp`], secret, port, stop, pid: child.pid, logFile: join(dir, 'turn.log') };
}
