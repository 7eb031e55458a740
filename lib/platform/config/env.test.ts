import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

describe('DATABASE_REPLICA_URL', () => {
  it.each([
    ['unset', {}, undefined],
    ['empty (as unset)', { DATABASE_REPLICA_URL: '' }, undefined],
    ['a postgres:// URL', { DATABASE_REPLICA_URL: 'postgres://reader@10.0.0.7:5432/huifang' }, 'postgres://reader@10.0.0.7:5432/huifang'],
    ['a postgresql:// URL', { DATABASE_REPLICA_URL: 'postgresql://reader@replica/huifang' }, 'postgresql://reader@replica/huifang'],
  ])('is taken when %s', (_, source, expected) => {
    expect(parseEnv(source).DATABASE_REPLICA_URL).toBe(expected);
  });

  it.each([['mysql://reader@replica/huifang'], ['replica.internal:5432'], ['10.0.0.7']])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => parseEnv({ DATABASE_REPLICA_URL: value })).toThrow(ConfigError);
    expect(() => parseEnv({ DATABASE_REPLICA_URL: value })).toThrow(/DATABASE_REPLICA_URL: must be a postgres:\/\/ URL/);
  });
});

describe('WORKER_NICE', () => {
  it.each([
    ['unset', {}, 10],
    ['0 (the web process\'s priority)', { WORKER_NICE: '0' }, 0],
    ['19', { WORKER_NICE: '19' }, 19],
  ])('is taken when %s', (_, source, expected) => {
    expect(parseEnv(source).WORKER_NICE).toBe(expected);
  });

  it.each([['20'], ['-5'], ['2.5'], ['low']])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => parseEnv({ WORKER_NICE: value })).toThrow(/WORKER_NICE: must be a whole number from 0 to 19/);
  });
});
