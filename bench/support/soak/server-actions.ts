import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_UNKNOWN_ERROR, type Person, type SoakHttp } from './http';

/**
 * Calling a server action the way the browser does: a POST to the page that renders the form,
 * with the action's id in `Next-Action` and its arguments encoded as React's encodeReply encodes
 * plain JSON (a text body `[input]`); the answer is the RSC payload, whose row 1 is the action's
 * return value. The ids are read from the build's server-reference-manifest.json, by the file and
 * export name the page imports.
 */
export type ActionResult = { ok: true; data: Record<string, unknown> } | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function actionIds(distDir: string): (file: string, name: string) => string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  return (file, name) => {
    const found = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === name);
    if (!found) throw new Error(`server action ${name} of ${file} is not in the build's manifest`);
    return found[0];
  };
}

export async function callAction(http: SoakHttp, who: Person, page: string, actionId: string, input: unknown, route: string): Promise<ActionResult | null> {
  const started = Date.now();
  const reply = await http.send(who, 'POST', page, route, JSON.stringify([input]), {
    'next-action': actionId,
    accept: 'text/x-component',
    'content-type': 'text/plain;charset=UTF-8',
  });
  if (reply.status !== 200) return null;
  const row = reply.body.split('\n').find((line) => line.startsWith('1:'));
  let result: ActionResult | null = null;
  try {
    result = row ? (JSON.parse(row.slice(2)) as ActionResult) : null;
  } catch {
    result = null;
  }
  if (!result || (!result.ok && result.error === ACTION_UNKNOWN_ERROR)) http.stats.recordActionFailure(route, started, reply.ms, reply.body);
  return result;
}
