import { readFileSync } from 'node:fs';

/**
 * Resident memory of the stack's processes over the run, from /proc/PID/status (VmRSS): sampled
 * every few seconds, and read right after each forced full collection (ten times over the last
 * half). A process restarted during the run (the killed worker) is followed under its new pid.
 * Growth is judged on the last half of the run only, when every process has long been warm, and
 * on the readings after collections: the plain samples rise and fall by hundreds of megabytes
 * with V8's collection rhythm (the web process lets its heap reach ~4× what is live), so a 10 %
 * limit on them measured where in that rhythm the window's ends fell, not a leak.
 */
export interface RssSample {
  at: number;
  kb: number;
}

export function rssKb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

type Series = 'after-collection' | 'sampled';

export class RssSampler {
  readonly samples = new Map<string, RssSample[]>();
  /** RSS read right after a forced full collection (see forced-gc.ts): what the check judges. */
  readonly afterCollection = new Map<string, RssSample[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  start(everyMs: number): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private sample(): void {
    const at = Date.now();
    for (const [name, pid] of Object.entries(this.pids())) {
      if (!pid) continue;
      const kb = rssKb(pid);
      if (kb === null) continue;
      let list = this.samples.get(name);
      if (!list) this.samples.set(name, (list = []));
      list.push({ at, kb });
    }
  }

  /** Records the RSS of a process that has just been through a forced full collection. */
  recordAfterCollection(name: string, pid: number): void {
    const kb = rssKb(pid);
    if (kb === null) return;
    let list = this.afterCollection.get(name);
    if (!list) this.afterCollection.set(name, (list = []));
    list.push({ at: Date.now(), kb });
  }

  private series(name: string, which: Series): RssSample[] {
    return (which === 'sampled' ? this.samples : this.afterCollection).get(name) ?? [];
  }

  /** Growth over [from, to] in percent (see growthOverWindow) of the RSS after forced collections, or of every sample. */
  growthPct(name: string, from: number, to: number, which: Series = 'after-collection'): number | null {
    return growthOverWindow(this.series(name, which).map((s) => ({ at: s.at, value: s.kb })), from, to);
  }

  /** Min, max and last RSS in MB over [from, to]. */
  rangeMb(name: string, from: number, to: number, which: Series = 'sampled'): { min: number; max: number; last: number } | null {
    const list = this.series(name, which).filter((s) => s.at >= from && s.at <= to);
    if (list.length === 0) return null;
    const mb = (kb: number) => Math.round(kb / 102.4) / 10;
    return { min: mb(Math.min(...list.map((s) => s.kb))), max: mb(Math.max(...list.map((s) => s.kb))), last: mb(list[list.length - 1].kb) };
  }
}

/**
 * Growth over [from, to] in percent: the mean of the window's last fifth against the mean of its
 * first fifth (a mean, so one garbage collection caught mid-way does not decide it).
 */
export function growthOverWindow(series: readonly { at: number; value: number }[], from: number, to: number): number | null {
  const list = series.filter((s) => s.at >= from && s.at <= to);
  if (list.length < 4) return null;
  const k = Math.max(1, Math.floor(list.length / 5));
  const mean = (xs: typeof list) => xs.reduce((a, s) => a + s.value, 0) / xs.length;
  const first = mean(list.slice(0, k));
  const last = mean(list.slice(-k));
  return ((last - first) / first) * 100;
}
