import { describe, expect, it } from 'vitest';
import { readSessionClaims, SESSION_LIFETIME_SECONDS, sessionState, type SessionClaims } from './session-claims';

const NOW = new Date('2026-03-02T02:00:00Z');
const nowS = NOW.getTime() / 1000;
const claims = (over: Partial<SessionClaims> = {}): SessionClaims => ({ uid: 'u1', sv: 3, sat: nowS - 60, ...over });

describe('sessionState: whether a session may still act', () => {
  it.each([
    ['issued a minute ago under the current version', claims(), { active: true, sessionVersion: 3 }, 'current'],
    ['the user is gone', claims(), undefined, 'unknownUser'],
    ['the user was deactivated', claims(), { active: false, sessionVersion: 3 }, 'inactive'],
    ['signed out, or password/role changed since (version raised)', claims(), { active: true, sessionVersion: 4 }, 'revoked'],
    ['deactivated and reactivated since (version raised twice)', claims(), { active: true, sessionVersion: 5 }, 'revoked'],
    ['issued under a later version (a forged claim)', claims({ sv: 9 }), { active: true, sessionVersion: 3 }, 'revoked'],
    ['one second short of the lifetime', claims({ sat: nowS - SESSION_LIFETIME_SECONDS + 1 }), { active: true, sessionVersion: 3 }, 'current'],
    ['exactly the lifetime old', claims({ sat: nowS - SESSION_LIFETIME_SECONDS }), { active: true, sessionVersion: 3 }, 'expired'],
    ['issued 30 s in the future (another process, clock ahead)', claims({ sat: nowS + 30 }), { active: true, sessionVersion: 3 }, 'current'],
    ['issued an hour in the future', claims({ sat: nowS + 3600 }), { active: true, sessionVersion: 3 }, 'expired'],
  ] as const)('%s → %s', (_label, c, user, expected) => {
    expect(sessionState(c, user, NOW)).toBe(expected);
  });
});

describe('readSessionClaims: a token without the claims is no session', () => {
  it.each([
    [{ uid: 'u1', sv: 0, sat: 1 }, { uid: 'u1', sv: 0, sat: 1 }],
    // Tokens issued before session versions existed carry no sv/sat: signed out.
    [{ uid: 'u1', role: 'agent' }, null],
    [{ uid: '', sv: 0, sat: 1 }, null],
    [{ uid: 'u1', sv: -1, sat: 1 }, null],
    [{ uid: 'u1', sv: 1.5, sat: 1 }, null],
    [{ uid: 'u1', sv: '1', sat: 1 }, null],
    [{ uid: 'u1', sv: 1, sat: Number.NaN }, null],
    [null, null],
    ['token', null],
  ])('%j → %j', (payload, expected) => {
    expect(readSessionClaims(payload)).toEqual(expected);
  });
});
