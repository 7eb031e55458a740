import { describe, expect, it } from 'vitest';
import { notificationText, type NotificationTranslator } from './text';

/** A translator over a tiny catalogue that shows which values it was given. */
const catalogue: Record<string, string> = {
  'notifications.kind.verdicts_published': 'verdicts {month} {count} {invalid}',
  'notifications.kind.dispute_decided': 'decided {decision} {customer} {month}',
  'notifications.kind.unknown': 'something new',
};
const t = Object.assign(
  (key: string, values: Record<string, string | number> = {}) => catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)),
  { has: (key: string) => key in catalogue },
) as NotificationTranslator;

describe('notificationText', () => {
  it.each([
    ['verdicts_published', { month: '2026-11', count: 4, invalid: 1 }, 'verdicts 2026-11 4 1'],
    ['dispute_decided', { decision: 'overturned', customer: '客户1', month: '2026-11' }, 'decided overturned 客户1 2026-11'],
    // An older notification without some parameters still reads without placeholders.
    ['verdicts_published', { month: '2026-10' }, 'verdicts 2026-10 0 0'],
    ['dispute_decided', {}, 'decided other  '],
    // A kind the catalogue does not know yet.
    ['recallback_done', { customer: 'x' }, 'something new'],
  ])('%s %j → %s', (kind, params, expected) => {
    expect(notificationText(t, { kind, params })).toBe(expected);
  });

  it('null params read as none', () => {
    expect(notificationText(t, { kind: 'verdicts_published', params: null })).toBe('verdicts  0 0');
  });
});
