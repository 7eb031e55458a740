import { describe, expect, it } from 'vitest';
import { importStage, orderedSummary } from './status';

describe('what an import status means to staff', () => {
  it.each([
    ['uploaded', 0, 'queued'],
    ['validating', 3, 'validating'],
    ['validated', 2, 'hasErrors'],
    ['validated', 0, 'ready'],
    ['committing', 0, 'committing'],
    ['committed', 0, 'committed'],
    ['failed', 0, 'failed'],
    ['discarded', 5, 'discarded'],
  ] as const)('%s with %i errors is %s', (status, errorCount, stage) => {
    expect(importStage({ status, errorCount })).toBe(stage);
  });
});

describe('summary order', () => {
  it('reads created, updated, unchanged per entity whatever order the stored counts come in', () => {
    expect(orderedSummary({ claimsCreated: 1, customersUnchanged: 2, contactsCreated: 3, customersCreated: 4, somethingNew: 9 }).map(([k]) => k)).toEqual([
      'customersCreated',
      'customersUnchanged',
      'contactsCreated',
      'claimsCreated',
      'somethingNew',
    ]);
    expect(orderedSummary(null)).toEqual([]);
  });
});
