import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/platform/core/context';
import { inManagerScope } from './guards';

const ID = '0b9f5d7e-3f6a-4c1e-9d2b-7a8c6e5f4d3c';
const OTHER = '1c8e4d6f-2e5b-4b0d-8c1a-6b7d5e4f3c2b';

describe("inManagerScope: a manager's record (a plan, a visit, a dispute) in the manager's unit now", () => {
  const plan = { managerId: ID, unitId: OTHER };
  const actor = (role: Actor['role'], id: string, unitId: string | null): Actor => ({ id, username: 'u', displayName: 'u', role, unitId });
  it.each<[string, Actor, boolean]>([
    ['its manager', actor('manager', ID, OTHER), true],
    ['another manager of the unit', actor('manager', OTHER, OTHER), false],
    ['the unit supervisor', actor('supervisor', OTHER, OTHER), true],
    ['a supervisor of another unit', actor('supervisor', OTHER, ID), false],
    ['a supervisor without unit', actor('supervisor', OTHER, null), false],
    ['staff', actor('staff', OTHER, null), true],
    ['admin', actor('admin', OTHER, null), true],
    ['an agent', actor('agent', OTHER, OTHER), false],
  ])('%s: %s', (_name, who, visible) => {
    expect(inManagerScope(who, plan)).toBe(visible);
  });
});
