/**
 * REDIS_CLUSTER_NODES, parsed, and the hash-tag rule a Redis Cluster applies to key names
 * (lib/platform/redis/connection.ts opens the Cluster client from these).
 */

export interface ClusterNodeAddress {
  host: string;
  port: number;
}

// A host name, an IPv4 address, or an IPv6 address in brackets, then the port.
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

function parseNode(entry: string): ClusterNodeAddress | null {
  const match = NODE.exec(entry);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  const host = match[1]!.startsWith('[') ? match[1]!.slice(1, -1) : match[1]!;
  return { host, port };
}

function entriesOf(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The entries of a REDIS_CLUSTER_NODES value that are not `host:port` (empty: valid). */
export function invalidClusterNodes(value: string): string[] {
  return entriesOf(value).filter((entry) => parseNode(entry) === null);
}

/** The seed nodes of a valid REDIS_CLUSTER_NODES value (ioredis discovers the rest of the cluster from them). */
export function parseClusterNodes(value: string): ClusterNodeAddress[] {
  return entriesOf(value).map((entry) => {
    const node = parseNode(entry);
    if (!node) throw new RangeError(`not a host:port: ${entry}`);
    return node;
  });
}

/**
 * The part of a key Redis Cluster hashes to choose its slot: the text between the first "{" and
 * the first "}" after it, when that is not empty; null when the key has no such tag (the whole
 * key is hashed). Keys sharing a tag share a slot, which multi-key commands and scripts require.
 */
export function hashTagOf(key: string): string | null {
  const open = key.indexOf('{');
  if (open < 0) return null;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return null;
  return key.slice(open + 1, close);
}
