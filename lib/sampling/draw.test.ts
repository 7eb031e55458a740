import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDraw, formatThreshold, samplingDraw } from './draw';

const ids = [
  '00000000-0000-4000-8000-000000000000',
  '3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
];

describe('samplingDraw', () => {
  it.each(ids)('is in [0, 1) and the same every time for %s', (id) => {
    const d = samplingDraw('seed-1', id);
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThan(1);
    expect(samplingDraw('seed-1', id)).toBe(d);
  });

  it('does not depend on the case the visit id is written in', () => {
    expect(samplingDraw('s', ids[1].toUpperCase())).toBe(samplingDraw('s', ids[1]));
  });

  it('changes with the seed', () => {
    const a = ids.map((id) => samplingDraw('seed-a', id));
    const b = ids.map((id) => samplingDraw('seed-b', id));
    a.forEach((value, i) => expect(value).not.toBe(b[i]));
  });

  it('is the documented recipe: first 48 bits of sha256("seed:id") / 2^48', () => {
    // sha256("x:00000000-0000-4000-8000-000000000000") computed independently with coreutils.
    const hex = createHash('sha256').update('x:00000000-0000-4000-8000-000000000000').digest('hex');
    expect(samplingDraw('x', ids[0])).toBe(parseInt(hex.slice(0, 12), 16) / 2 ** 48);
  });

  it('spreads evenly: about a fifth of 20,000 ids fall under 0.2', () => {
    let under = 0;
    for (let i = 0; i < 20_000; i++) if (samplingDraw('spread', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) < 0.2) under++;
    expect(under / 20_000).toBeGreaterThan(0.185);
    expect(under / 20_000).toBeLessThan(0.215);
  });
});

describe('formatting draws for reasons', () => {
  it.each([
    [0.31, '0.3100'],
    [0.49999, '0.4999'],
    [0.5, '0.5000'],
    [0, '0.0000'],
    [0.99999999, '0.9999'],
  ])('draw %s reads %s (cut, never rounded up to a threshold)', (draw, text) => {
    expect(formatDraw(draw)).toBe(text);
  });

  it.each([
    [50, '0.5000'],
    [100, '1.0000'],
    [12.5, '0.1250'],
  ])('rate %s %% reads %s', (rate, text) => {
    expect(formatThreshold(rate)).toBe(text);
  });
});
