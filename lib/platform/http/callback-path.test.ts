import { describe, expect, it } from 'vitest';
import { safeCallbackPath, safeRedirectUrl } from './callback-path';

describe('safeCallbackPath: only a path on this site is followed after sign-in', () => {
  it.each([
    ['/visits', '/visits'],
    ['/customers?q=%E5%BC%A0&page=2', '/customers?q=%E5%BC%A0&page=2'],
    ['/plans#week', '/plans#week'],
    ['/a/../visits', '/visits'],
    ['//127.0.0.1:8099/phish', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example/phish', '/'],
    ['/\\/evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['http://evil.example/', '/'],
    ['https://huifang.example.com/visits', '/'],
    ['javascript:alert(1)', '/'],
    ['visits', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/visits'], '/'],
    [`/${'a'.repeat(3000)}`, '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});

describe('safeRedirectUrl: next-auth never sends the user to another host', () => {
  const base = 'http://localhost:3000';
  it.each([
    ['/visits', 'http://localhost:3000/visits'],
    ['http://localhost:3000/login', 'http://localhost:3000/login'],
    ['http://localhost:3000/desk?done=1', 'http://localhost:3000/desk?done=1'],
    ['//127.0.0.1:8099/phish', 'http://localhost:3000/'],
    ['/\\127.0.0.1:8099/phish', 'http://localhost:3000/'],
    ['http://127.0.0.1:8099/phish', 'http://localhost:3000/'],
    ['http://localhost:3001/visits', 'http://localhost:3000/'],
    ['not a url', 'http://localhost:3000/'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirectUrl(input, base)).toBe(expected);
  });
});
