import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that the soak bench controls: web and workers reach the
 * database through it, so the bench can stall every connection at once — for a while it neither
 * forwards a byte in either direction nor answers a new connection (it is accepted and left
 * waiting) — as a database that hangs (a checkpoint storm, a failover, a saturated network) looks
 * to the application. After the stall everything held back flows on; no connection is dropped.
 */
export interface PgProxy {
  port: number;
  /** Stops forwarding (both directions) and connecting for `ms`, then resumes. */
  stall(ms: number): Promise<void>;
  close(): Promise<void>;
  /** Connections opened through the proxy so far. */
  connections(): number;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let stalled = false;
  let opened = 0;
  const waiting: (() => void)[] = [];

  const connect = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    opened++;
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };

  const server = net.createServer((client) => {
    client.setNoDelay(true);
    // During a stall a new connection is accepted but nothing reaches PostgreSQL until it ends.
    if (stalled) {
      client.pause();
      waiting.push(() => {
        client.resume();
        connect(client);
      });
    } else connect(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    connections: () => opened,
    async stall(ms) {
      stalled = true;
      // Unpiped and paused: bytes sent meanwhile wait in the sockets' buffers, in order.
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      await new Promise((r) => setTimeout(r, ms));
      stalled = false;
      for (const { client, upstream } of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
      }
      for (const go of waiting.splice(0)) go();
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
