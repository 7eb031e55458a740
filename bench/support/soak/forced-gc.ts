import WebSocket from 'ws';

/**
 * A full garbage collection in another process, asked of its V8 through the inspector
 * (`--inspect=127.0.0.1:0`; HeapProfiler.collectGarbage collects everything collectable and hands
 * the freed pages back). RSS read right after it is what the process really keeps: between
 * collections V8 lets garbage pile up to several times the live heap, so plain RSS samples swing
 * by hundreds of megabytes with the collector's rhythm and say little about a leak.
 */
export function collectGarbage(inspectorUrl: string, timeoutMs = 30_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(inspectorUrl);
    const done = (error?: Error) => {
      clearTimeout(timer);
      ws.terminate();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`no answer from ${inspectorUrl} within ${timeoutMs} ms`)), timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
      if (message.id === 1) done(message.error ? new Error(message.error.message) : undefined);
    });
    ws.on('error', (error) => done(error));
  });
}
