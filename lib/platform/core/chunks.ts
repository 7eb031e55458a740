/**
 * Splits managers (in the given order) into chunks of at most `maxManagers` managers and about
 * `maxVisits` visits — a manager's visits are never split, so a chunk may exceed `maxVisits` by one
 * manager's. Batch jobs (sampling, the month close) work chunk by chunk to bound memory.
 */
export function chunkManagers(managers: readonly { managerId: string; visits: number }[], maxManagers: number, maxVisits: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let visits = 0;
  for (const m of managers) {
    if (current.length > 0 && (current.length >= maxManagers || visits + m.visits > maxVisits)) {
      chunks.push(current);
      current = [];
      visits = 0;
    }
    current.push(m.managerId);
    visits += m.visits;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
