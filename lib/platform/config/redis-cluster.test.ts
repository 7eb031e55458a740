import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';
import { hashTagOf, invalidClusterNodes, parseClusterNodes } from './redis-cluster';

describe('REDIS_CLUSTER_NODES', () => {
  it.each([
    ['one node', '10.0.0.5:6379', [{ host: '10.0.0.5', port: 6379 }]],
    ['several, with spaces', '10.0.0.5:6379, redis-2.internal:7000 ,redis-3:7001', [
      { host: '10.0.0.5', port: 6379 },
      { host: 'redis-2.internal', port: 7000 },
      { host: 'redis-3', port: 7001 },
    ]],
    ['an IPv6 address in brackets', '[fd00::5]:6379', [{ host: 'fd00::5', port: 6379 }]],
  ])('reads %s', (_, value, nodes) => {
    expect(invalidClusterNodes(value)).toEqual([]);
    expect(parseClusterNodes(value)).toEqual(nodes);
  });

  it.each([
    ['no port', '10.0.0.5', ['10.0.0.5']],
    ['a URL', 'redis://10.0.0.5:6379', ['redis://10.0.0.5:6379']],
    ['port 0', '10.0.0.5:0', ['10.0.0.5:0']],
    ['a port beyond 65535', '10.0.0.5:70000', ['10.0.0.5:70000']],
    ['one bad entry among good ones', '10.0.0.5:6379,10.0.0.6', ['10.0.0.6']],
    ['IPv6 without brackets', 'fd00::5:6379', ['fd00::5:6379']],
  ])('names the bad entries: %s', (_, value, invalid) => {
    expect(invalidClusterNodes(value)).toEqual(invalid);
  });
});

describe('hashTagOf (the rule Redis Cluster hashes keys by)', () => {
  it.each([
    ['{huifang}', 'huifang'],
    ['{huifang}:sampling:wait', 'huifang'],
    ['huifang{x}', 'x'],
    ['{a}{b}', 'a'],
    ['{}{b}', null],
    ['huifang', null],
    ['{huifang', null],
    ['}huifang{', null],
    ['huifang:signin:{u:li.si}:pair:10.0.0.1', 'u:li.si'],
  ])('%s → %s', (key, tag) => {
    expect(hashTagOf(key)).toBe(tag);
  });
});

describe('configuration for a Redis Cluster', () => {
  const nodes = '10.0.0.5:6379,10.0.0.6:6379';

  it('takes the nodes with the default, hash-tagged queue prefix', () => {
    const config = parseEnv({ REDIS_CLUSTER_NODES: nodes });
    expect(config.REDIS_CLUSTER_NODES).toBe(nodes);
    expect(config.QUEUE_PREFIX).toBe('{huifang}');
  });

  it('is off when unset or empty', () => {
    expect(parseEnv({}).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(parseEnv({ REDIS_CLUSTER_NODES: '' }).REDIS_CLUSTER_NODES).toBeUndefined();
  });

  it('refuses a node that is not host:port at start-up, naming the variable and the entry', () => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: '10.0.0.5:6379,redis://10.0.0.6' })).toThrow(ConfigError);
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: '10.0.0.5:6379,redis://10.0.0.6' })).toThrow(/REDIS_CLUSTER_NODES: must be .*\(not: redis:\/\/10\.0\.0\.6\)/);
  });

  it.each([['huifang'], ['huifang:{}'], ['{huifang']])('refuses the queue prefix %s without a hash tag, naming QUEUE_PREFIX', (prefix) => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: nodes, QUEUE_PREFIX: prefix })).toThrow(/QUEUE_PREFIX: must be hash-tagged, such as \{huifang\}, when REDIS_CLUSTER_NODES is set/);
  });

  it('takes any prefix without a cluster (one server has no slots)', () => {
    expect(parseEnv({ QUEUE_PREFIX: 'huifang' }).QUEUE_PREFIX).toBe('huifang');
  });

  it('refuses a REDIS_URL that selects a database other than 0 (a cluster has only database 0)', () => {
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: nodes, REDIS_URL: 'redis://:secret@10.0.0.5:6379/2' })).toThrow(/REDIS_URL: must not select database 2 when REDIS_CLUSTER_NODES is set/);
    expect(parseEnv({ REDIS_CLUSTER_NODES: nodes, REDIS_URL: 'rediss://:secret@10.0.0.5:6379/0' }).REDIS_URL).toBe('rediss://:secret@10.0.0.5:6379/0');
  });
});
