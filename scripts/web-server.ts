import { createServer } from 'node:http';
import next from 'next';
import { env } from '@/lib/platform/config/env';
import { markPeerAddressHeaderTrusted, PEER_ADDRESS_HEADER } from '@/lib/platform/http/client-address';
import { runScript } from './support/run-script';

/**
 * The production web server: `next start`, plus the one thing it cannot do — tell the app the
 * socket's address. Next.js keeps a client's own X-Forwarded-For and drops the socket address,
 * so a forged header would void the per-address sign-in limit and forge audit addresses. Here
 * every request gets the socket address in PEER_ADDRESS_HEADER, overwriting anything a client
 * sent; lib/platform/http/client-address.ts believes X-Forwarded-For only from TRUSTED_PROXIES.
 *
 * `--port N` (default 3000), `--hostname H` (default 0.0.0.0).
 */
runScript(async () => {
  // The built app; read before the configuration is, which defaults by NODE_ENV.
  Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? 'production' });
  env(); // configuration (TRUSTED_PROXIES included) is refused here, before any request
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? process.env.PORT ?? 3000);
  const hostname = arg('--hostname') ?? '0.0.0.0';
  const app = next({ dev: false, hostname, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  markPeerAddressHeaderTrusted();
  const server = createServer((req, res) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    void handle(req, res);
  });
  // Idle kept-alive connections stay open longer than a proxy's usual 60 s idle timeout, so the
  // server never closes a socket a client or proxy is about to reuse (Node's default is 5 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  console.log(`Huifang web on http://${hostname}:${port}`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close(() => resolve(0));
      server.closeIdleConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
});
