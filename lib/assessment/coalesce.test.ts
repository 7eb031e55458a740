import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce';

/** A run that ends when the test says so, recording what it saw when it started. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Coalescer', () => {
  it('runs a request at once and lets requests made before it starts share it', async () => {
    const c = new Coalescer<number>();
    let runs = 0;
    const work = async () => ++runs;
    const [a, b] = await Promise.all([c.run('k', work), c.run('k', work)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(c.size).toBe(0);
  });

  it('never serves a request with a run that started before it: those made meanwhile share the next', async () => {
    const c = new Coalescer<number>();
    // `version` stands for what is committed; a run returns what it saw when it started.
    let version = 0;
    const gates = [gate(), gate()];
    let started = 0;
    const work = async () => {
      const seen = version;
      await gates[started++].opened;
      return seen;
    };
    const first = c.run('k', work);
    await tick();
    expect(started).toBe(1);
    version = 1; // committed after the first run read
    const second = c.run('k', work);
    version = 2;
    const third = c.run('k', work);
    await tick();
    expect(started).toBe(1); // the next waits for the running one
    gates[0].open();
    expect(await first).toBe(0);
    await tick();
    expect(started).toBe(2);
    gates[1].open();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(c.size).toBe(0);
  });

  it('keeps keys apart, and a failed run fails only the requests it served', async () => {
    const c = new Coalescer<string>();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('database blip');
    };
    const a = c.run('m1|2026-11', failing);
    const b = c.run('m1|2026-11', failing);
    const other = c.run('m2|2026-11', async () => 'other');
    await expect(a).rejects.toThrow('database blip');
    await expect(b).rejects.toThrow('database blip');
    expect(await other).toBe('other');
    expect(calls).toBe(1);
    // The next request runs afresh.
    expect(await c.run('m1|2026-11', async () => 'again')).toBe('again');
    expect(c.size).toBe(0);
  });

  it('turns a work that throws at once into a rejection', async () => {
    const c = new Coalescer<number>();
    await expect(
      c.run('k', () => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    expect(c.size).toBe(0);
  });
});
