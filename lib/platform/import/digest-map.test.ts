import { describe, expect, it } from 'vitest';
import { DigestMap, textDigest } from './digest-map';

describe('DigestMap', () => {
  it('keeps the first value for each digest and tells it back', () => {
    const map = new DigestMap(4);
    expect(map.get(textDigest('a'))).toBeUndefined();
    expect(map.setIfAbsent(textDigest('a'), 2)).toBe(2);
    expect(map.setIfAbsent(textDigest('b'), 3)).toBe(3);
    expect(map.setIfAbsent(textDigest('a'), 9)).toBe(2);
    expect(map.get(textDigest('a'))).toBe(2);
    expect(map.get(textDigest('c'))).toBeUndefined();
    expect(map.size).toBe(2);
  });

  it('grows past its first size without losing an entry', () => {
    const map = new DigestMap(2);
    for (let i = 1; i <= 20_000; i++) expect(map.setIfAbsent(textDigest(`row ${i}`), i)).toBe(i);
    expect(map.size).toBe(20_000);
    for (let i = 1; i <= 20_000; i++) expect(map.get(textDigest(`row ${i}`))).toBe(i);
    expect(map.get(textDigest('row 20001'))).toBeUndefined();
  });

  it('tells apart digests that share their first bytes (the slot they hash to)', () => {
    const map = new DigestMap(4);
    const digests = Array.from({ length: 40 }, (_, i) => {
      const d = new Uint8Array(32);
      d[31] = i; // same first word: every one probes from the same slot
      return d;
    });
    digests.forEach((d, i) => map.setIfAbsent(d, i + 1));
    digests.forEach((d, i) => expect(map.get(d)).toBe(i + 1));
  });

  it('replaces a value on set, and lists the values stored', () => {
    const map = new DigestMap(2);
    map.set(textDigest('a'), 1);
    map.set(textDigest('b'), 2);
    map.set(textDigest('a'), 5);
    expect(map.get(textDigest('a'))).toBe(5);
    expect(map.size).toBe(2);
    expect([...map.storedValues()].sort()).toEqual([2, 5]);
  });

  it('refuses a value it could not tell from an empty slot, and keys that are no digest', () => {
    expect(() => new DigestMap().setIfAbsent(textDigest('a'), 0)).toThrow(RangeError);
    expect(() => new DigestMap().get(new Uint8Array(16))).toThrow(RangeError);
  });
});
