/**
 * The first seconds of `npm start`: creating the embedded database, migrations and the demo seed
 * take 3-20 s on a first start (more on a busy 2-core PC), and a browser opened at once used to
 * spin with no word. This plain HTTP server takes the port at once and says "yte is starting"
 * (an HTML page that reloads itself when the real server answers, 503 STARTING for the API,
 * /api/system/status {status: 'starting'}); main.ts closes it and the real server listens on the
 * same port the moment it is ready.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { missingSharedParts, SHARED_HELP } from './system.routes.ts';

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>yte — đang khởi động / starting</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#1a1b1e}
main{max-width:34rem;padding:2rem;text-align:center}p{color:#555}.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:#228be6;margin:0 .15rem;animation:b 1.2s infinite}
.dot:nth-child(2){animation-delay:.2s}.dot:nth-child(3){animation-delay:.4s}@keyframes b{0%,80%,100%{opacity:.2}40%{opacity:1}}</style></head>
<body><main role="status" aria-live="polite">
<h1>yte đang khởi động…</h1><p>Máy chủ đang chuẩn bị cơ sở dữ liệu (lần chạy đầu tiên có thể mất vài chục giây). Trang sẽ tự mở khi sẵn sàng.</p>
<h2 lang="en">yte is starting…</h2><p lang="en">The server is preparing its database (a first start can take a few tens of seconds). This page opens by itself when it is ready.</p>
<div><span class="dot"></span><span class="dot"></span><span class="dot"></span></div>
</main>
<script>
(function poll(){fetch('/api/system/status',{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){
  if(s&&s.status==='ready'){location.reload()}else{setTimeout(poll,1000)}}).catch(function(){setTimeout(poll,1000)})})();
</script>
</body></html>`;

const STARTING = { code: 'STARTING', message: 'yte is starting; try again in a few seconds', messageVi: 'yte đang khởi động; vui lòng thử lại sau vài giây' };

function handler(sharedDir: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, {
        'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        // No keep-alive: a kept connection would outlive this server and fail the client's next request.
        connection: 'close',
        ...(status === 503 ? { 'retry-after': '2' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/api/system/status') {
      const missing = missingSharedParts(sharedDir);
      return send(200, 'application/json; charset=utf-8', JSON.stringify({
        status: 'starting',
        demo: { phase: 'starting', done: 0, total: 0, tasks: [], eventLoopDelayP99Ms: null, eventLoopDelayMaxMs: null },
        shared: { present: missing.length === 0, missing, help: SHARED_HELP },
      }));
    }
    if (path === '/health') return send(503, 'application/json; charset=utf-8', JSON.stringify({ status: 'starting' }));
    if (/^\/(api|fhir|dicomweb|docs)(\/|$)/.test(path) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return send(503, 'application/json; charset=utf-8', JSON.stringify(STARTING));
    }
    return send(200, 'text/html; charset=utf-8', PAGE);
  };
}

export interface StartingServer {
  /** The port taken (config.port, or the one chosen for port 0): the real server listens there. */
  port: number;
  close(): Promise<void>;
}

export async function openStartingServer(opts: { port: number; host: string; sharedDir: string }): Promise<StartingServer> {
  const server: Server = createServer(handler(opts.sharedDir));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port, opts.host, () => {
      server.off('error', rej);
      res();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((res) => {
      server.close(() => res());
      // Kept-alive browser connections would hold the port; their next request reconnects to the real server.
      server.closeAllConnections();
    }),
  };
}
