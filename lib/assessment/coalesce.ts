/**
 * Requests for the same work in one process share it, without any of them being served by work
 * that began before it was asked for: at most one run per key at a time, and the requests that
 * arrive while one runs all share the next, which starts once it ends. The worker re-evaluates a
 * manager's month after each completed callback; when completions of the same month queue up
 * faster than their evaluations, one evaluation that starts after all of them were asked serves
 * them all, as each would have — it reads every change committed before it was asked.
 */
export class Coalescer<T> {
  private readonly slots = new Map<string, { running: Promise<unknown>; next: Promise<T> | null }>();
  /** Runs started so far (each served one request or more). */
  started = 0;

  /** Runs `work` for `key`, or shares a run that has not started yet; `work` of a shared run is the first request's. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { running: Promise.resolve(), next: null }));
    if (slot.next) return slot.next;
    const s = slot;
    const settled = () => undefined;
    const next: Promise<T> = s.running.then(settled, settled).then(() => {
      // Started: a later request waits for the run after this one.
      s.next = null;
      this.started++;
      const running = (async () => work())();
      s.running = running;
      const done = () => {
        if (s.running === running && s.next === null && this.slots.get(key) === s) this.slots.delete(key);
      };
      running.then(done, done);
      return running;
    });
    s.next = next;
    return next;
  }

  /** Keys with a run going or waiting (for tests). */
  get size(): number {
    return this.slots.size;
  }
}
