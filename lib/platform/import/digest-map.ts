import { hash } from 'node:crypto';

/**
 * A map from 32-byte digests (SHA-256) to row numbers, kept in typed arrays outside V8's heap:
 * what an import remembers of every row it has seen (a visit's identity, a customer's contact) so
 * a later row can be told it repeats an earlier one. As strings in a Map, 100,000 of them were
 * ten megabytes the garbage collector walked and grew the heap by, four times over; here they are
 * 36 bytes each in two arrays. Open addressing, linear probing, doubled at half full.
 */
export class DigestMap {
  private slots: Uint32Array;
  private values: Uint32Array;
  private used = 0;
  private mask: number;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size * 8);
    this.values = new Uint32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.used;
  }

  /** The value stored for the digest, or undefined. */
  get(digest: Uint8Array): number | undefined {
    const at = this.find(digest);
    return at < 0 ? undefined : this.values[at];
  }

  /** Stores the value for the digest unless one is stored already; returns the value now stored. */
  setIfAbsent(digest: Uint8Array, value: number): number {
    if (value === 0 || value > 0xffffffff) throw new RangeError('DigestMap values are 1 to 2^32-1');
    const at = this.find(digest);
    if (at >= 0) return this.values[at];
    if ((this.used + 1) * 2 > this.values.length) this.grow();
    this.insert(this.words(digest), value);
    this.used++;
    return value;
  }

  /** Stores the value for the digest, replacing the one stored. */
  set(digest: Uint8Array, value: number): void {
    if (value === 0 || value > 0xffffffff) throw new RangeError('DigestMap values are 1 to 2^32-1');
    const at = this.find(digest);
    if (at >= 0) this.values[at] = value;
    else this.setIfAbsent(digest, value);
  }

  /** Every value stored, in no particular order. */
  *storedValues(): Generator<number> {
    for (const value of this.values) if (value !== 0) yield value;
  }

  private words(digest: Uint8Array): Uint32Array {
    if (digest.length !== 32) throw new RangeError('DigestMap keys are 32 bytes');
    const words = new Uint32Array(8);
    for (let i = 0; i < 8; i++) words[i] = (digest[i * 4] | (digest[i * 4 + 1] << 8) | (digest[i * 4 + 2] << 16) | (digest[i * 4 + 3] << 24)) >>> 0;
    return words;
  }

  /** The slot holding the digest, or -1. A slot is empty when its value is 0. */
  private find(digest: Uint8Array): number {
    const words = this.words(digest);
    for (let at = words[0] & this.mask; ; at = (at + 1) & this.mask) {
      if (this.values[at] === 0) return -1;
      let same = true;
      for (let i = 0; i < 8; i++) {
        if (this.slots[at * 8 + i] !== words[i]) {
          same = false;
          break;
        }
      }
      if (same) return at;
    }
  }

  private insert(words: Uint32Array, value: number) {
    let at = words[0] & this.mask;
    while (this.values[at] !== 0) at = (at + 1) & this.mask;
    this.slots.set(words, at * 8);
    this.values[at] = value;
  }

  private grow() {
    const { slots, values } = this;
    this.slots = new Uint32Array(slots.length * 2);
    this.values = new Uint32Array(values.length * 2);
    this.mask = this.values.length - 1;
    for (let at = 0; at < values.length; at++) {
      if (values[at] !== 0) this.insert(slots.subarray(at * 8, at * 8 + 8), values[at]);
    }
  }
}

/** SHA-256 of text (UTF-8): the key of a row's identity in a DigestMap. */
export function textDigest(text: string): Uint8Array {
  return hash('sha256', text, 'buffer');
}
