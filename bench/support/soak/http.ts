import http from 'node:http';

/**
 * The soak's HTTP side: every request a simulated person sends goes through `SoakHttp.send`,
 * which times it and files it under a route label (a path with its ids taken out). A 5xx, a
 * dropped connection or a timeout is an error; one that overlaps a fault window (a PostgreSQL
 * stall, a Redis restart, a worker's death, plus a grace period for what queued behind it) is
 * counted apart from the others.
 */
export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

export interface FaultWindow {
  kind: string;
  start: number;
  end: number;
}

export interface ErrorRecord {
  route: string;
  status: number | string;
  at: number;
  body: string;
  duringFault: boolean;
}

/** The generic message a server action answers for an unexpected failure (errors.unknown). */
export const ACTION_UNKNOWN_ERROR = '操作失败，请稍后再试。如果问题持续，请联系管理员。';

/** What a request on a reused kept-alive connection meets when the server closed it meanwhile. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

export class SoakStats {
  /** Per route: each answered request's start and duration (ms). */
  readonly latencies = new Map<string, { at: number; ms: number }[]>();
  readonly statuses = new Map<string, Map<string, number>>();
  readonly errors: ErrorRecord[] = [];
  readonly faults: FaultWindow[] = [];
  requests = 0;
  /** Requests sent again because the kept-alive connection they went out on had been closed by the server while idle. */
  staleConnectionRetries = 0;
  /** After a fault ends, errors this long after it are still the fault's. */
  constructor(private readonly graceMs: number) {}

  openFault(kind: string): FaultWindow {
    const w = { kind, start: Date.now(), end: Number.POSITIVE_INFINITY };
    this.faults.push(w);
    return w;
  }

  closeFault(w: FaultWindow): void {
    w.end = Date.now();
  }

  duringFault(start: number, end: number): boolean {
    return this.faults.some((f) => start <= f.end + this.graceMs && end >= f.start);
  }

  record(route: string, status: number | string, started: number, ms: number, body: string): void {
    this.requests++;
    let byStatus = this.statuses.get(route);
    if (!byStatus) this.statuses.set(route, (byStatus = new Map()));
    byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
    const failed = typeof status === 'string' || status >= 500;
    if (failed) {
      this.errors.push({ route, status, at: started, body: body.slice(0, 300), duringFault: this.duringFault(started, started + ms) });
      return;
    }
    let list = this.latencies.get(route);
    if (!list) this.latencies.set(route, (list = []));
    list.push({ at: started, ms });
  }

  /** Durations of a route's answered requests, sorted; without those overlapping a fault window when `outsideFaults`. */
  durations(route: string, outsideFaults: boolean): number[] {
    return (this.latencies.get(route) ?? [])
      .filter((l) => !outsideFaults || !this.duringFault(l.at, l.at + l.ms))
      .map((l) => l.ms)
      .sort((a, b) => a - b);
  }

  /** A server action that answered 200 with the generic failure: the server failed, as a 5xx would say. */
  recordActionFailure(route: string, started: number, ms: number, body: string): void {
    this.errors.push({ route, status: 'action-failed', at: started, body: body.slice(0, 300), duringFault: this.duringFault(started, started + ms) });
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One signed-in person: their session cookie and one kept-alive connection, as a browser tab. */
export class Person {
  cookie = '';
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  constructor(
    readonly username: string,
    readonly id: string,
  ) {}
}

export class SoakHttp {
  constructor(
    readonly base: URL,
    readonly stats: SoakStats,
    private readonly timeoutMs = 60_000,
  ) {}

  /**
   * Sends a request as `who`, recorded under `route`. `body`: an object (JSON), a URLSearchParams
   * (a form), a Buffer with its content type, or a string with its content type.
   */
  async send(
    who: Person | null,
    method: string,
    path: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    let payload: Buffer | undefined;
    const h: Record<string, string> = { ...headers };
    if (who?.cookie) h.cookie = who.cookie;
    if (body !== undefined) {
      if (body instanceof URLSearchParams) {
        payload = Buffer.from(body.toString());
        h['content-type'] ??= 'application/x-www-form-urlencoded';
      } else if (Buffer.isBuffer(body)) payload = body;
      else if (typeof body === 'string') payload = Buffer.from(body);
      else {
        payload = Buffer.from(JSON.stringify(body));
        h['content-type'] ??= 'application/json';
      }
      h['content-length'] = String(payload.length);
      h.origin ??= this.base.origin;
    }
    const started = Date.now();
    const t0 = process.hrtime.bigint();
    const attempt = () =>
      new Promise<Reply>((resolve, reject) => {
        let answered = false;
        const req = http.request(
          { host: this.base.hostname, port: this.base.port, method, path, agent: who?.agent, headers: h, timeout: this.timeoutMs },
          (res) => {
            answered = true;
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, ms: Number(process.hrtime.bigint() - t0) / 1e6 }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { staleConnection: !answered && req.reusedSocket && STALE_CONNECTION.has(error.code ?? '') })));
        if (payload) req.write(payload);
        req.end();
      });
    try {
      let reply: Reply;
      try {
        reply = await attempt();
      } catch (error) {
        // The server closed this kept-alive connection for idleness as the request went out on it
        // (it never read the request): a browser sends it again on a new connection, and so do we.
        if (!(error as { staleConnection?: boolean }).staleConnection) throw error;
        this.stats.staleConnectionRetries++;
        reply = await attempt();
      }
      this.stats.record(route, reply.status, started, reply.ms, reply.body);
      return reply;
    } catch (error) {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.stats.record(route, `network:${code}`, started, ms, String(error));
      return { status: 0, body: '', headers: {}, ms };
    }
  }

  /** next-auth's sign-in as the login page does it: its CSRF token, then the credentials form. */
  async signIn(person: Person, password: string): Promise<void> {
    const once = new Person(person.username, person.id);
    const csrf = await this.send(once, 'GET', '/api/auth/csrf', 'GET /api/auth/csrf');
    if (csrf.status !== 200) throw new Error(`csrf for ${person.username}: ${csrf.status}`);
    const cookies = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    once.cookie = cookies.join('; ');
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const answer = await this.send(
      once,
      'POST',
      '/api/auth/callback/credentials',
      'POST /api/auth/callback/credentials',
      new URLSearchParams({ csrfToken, username: person.username, password, json: 'true' }),
    );
    const session = (answer.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('next-auth.session-token='));
    once.agent.destroy();
    if (!session) throw new Error(`sign-in of ${person.username} answered ${answer.status} without a session: ${answer.body.slice(0, 200)}`);
    person.cookie = session;
  }
}
