import { describe, expect, it } from 'vitest';
import { MAX_DELAY_SECONDS, signInDelaySeconds } from './sign-in-delay';

describe('signInDelaySeconds: the wait after consecutive failures of one (account, address) pair', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 0], // two typos cost nothing
    [3, 1],
    [4, 2],
    [5, 4],
    [6, 8],
    [8, 32],
    [10, 128],
    [12, 512],
    [13, MAX_DELAY_SECONDS], // capped: 1024 s would exceed 15 minutes
    [40, MAX_DELAY_SECONDS],
    [1e9, MAX_DELAY_SECONDS],
    [Number.NaN, 0],
  ])('%d failures → %d s', (failures, seconds) => {
    expect(signInDelaySeconds(failures)).toBe(seconds);
  });

  it('never shrinks as failures grow', () => {
    for (let n = 0; n < 50; n++) expect(signInDelaySeconds(n + 1)).toBeGreaterThanOrEqual(signInDelaySeconds(n));
  });
});
