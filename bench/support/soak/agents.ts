import type { Person, SoakHttp } from './http';
import { callAction } from './server-actions';

/**
 * One simulated agent at the desk, as the desk page drives the server: 取下一条 (the desk's
 * server action), the callback as the desk shows it, a check-in of the lease (the desk's
 * heartbeat), "Call" (the server places the call through the emulator), the call's status until
 * the contact answers or the call ends (the desk after a reload reads it so; the live page gets
 * the same view pushed), the script's answers as they are given (the draft), "Hang up", and
 * 提交 (the desk's submit action). A call nobody answered records its outcome by itself; the
 * agent then goes on. Between callbacks the agent pauses (a person's wrap-up), checking in.
 */
export interface AgentContext {
  http: SoakHttp;
  takeActionId: string;
  submitActionId: string;
  /** Emulator time scale: how long a person talks, at the emulator's pace. */
  timeScale: number;
  thinkMs: number;
  stopAt: number;
  /** Share of answered calls whose contact says the manager never came (a knock-out: an invalid verdict). */
  knockOutShare: number;
  counters: AgentCounters;
}

export interface AgentCounters {
  taken: number;
  none: number;
  calls: number;
  answered: number;
  submitted: number;
  autoRecorded: number;
  released: number;
  refused: Map<string, number>;
  /** Each task id an agent was told it now holds, with the agent: for the duplicate check. */
  held: { taskId: string; agentId: string; at: number }[];
}

export function newCounters(): AgentCounters {
  return { taken: 0, none: 0, calls: 0, answered: 0, submitted: 0, autoRecorded: 0, released: 0, refused: new Map(), held: [] };
}

interface CallView {
  id: string;
  phase: 'dialling' | 'ringing' | 'in_progress' | 'ended';
  result: string | null;
  outcome: { outcome: string } | null;
  error: { code: string } | null;
}

interface DeskView {
  script?: { definition: { questions: { id: string; type: string; options: { id: string }[] }[] } } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.5 + Math.random());
/** A pause that ends with the run. */
const pause = (ms: number, stopAt: number) => sleep(Math.max(0, Math.min(ms, stopAt - Date.now())));

function refuse(c: AgentCounters, what: string) {
  c.refused.set(what, (c.refused.get(what) ?? 0) + 1);
}

export async function runAgent(ctx: AgentContext, me: Person): Promise<void> {
  const { http } = ctx;
  // Agents start spread out, as a shift does.
  await pause(Math.random() * ctx.thinkMs, ctx.stopAt);
  while (Date.now() < ctx.stopAt) {
    await http.send(me, 'POST', '/api/callbacks/presence', 'POST /api/callbacks/presence');
    const taken = await callAction(http, me, '/desk', ctx.takeActionId, {}, 'action desk.takeNext');
    const taskId = taken?.ok && taken.data.status === 'held' ? (taken.data.taskId as string) : null;
    if (!taskId) {
      if (taken?.ok) ctx.counters.none++;
      await pause(jitter(ctx.thinkMs), ctx.stopAt);
      continue;
    }
    ctx.counters.taken++;
    ctx.counters.held.push({ taskId, agentId: me.id, at: Date.now() });
    await workCallback(ctx, me, taskId);
    await pause(jitter(ctx.thinkMs), ctx.stopAt);
  }
}

async function workCallback(ctx: AgentContext, me: Person, taskId: string): Promise<void> {
  const { http } = ctx;
  const c = ctx.counters;
  const desk = await http.send(me, 'GET', '/api/desk/callback', 'GET /api/desk/callback');
  const view = desk.status === 200 ? ((JSON.parse(desk.body) as { view: DeskView | null }).view ?? null) : null;
  await http.send(me, 'POST', `/api/callbacks/${taskId}/lease`, 'POST /api/callbacks/[id]/lease');

  const placed = await http.send(me, 'POST', '/api/desk/calls', 'POST /api/desk/calls', { taskId });
  if (placed.status !== 201) {
    refuse(c, `call ${placed.status}`);
    await release(ctx, me, taskId);
    return;
  }
  c.calls++;
  let call = (JSON.parse(placed.body) as { call: CallView }).call;
  const deadline = Date.now() + 90_000;
  // The call's status until the contact answers or the call ends.
  while (call.phase !== 'in_progress' && call.phase !== 'ended' && Date.now() < deadline) {
    await sleep(1000);
    const r = await http.send(me, 'GET', `/api/desk/calls?taskId=${taskId}`, 'GET /api/desk/calls');
    if (r.status === 200) call = (JSON.parse(r.body) as { call: CallView }).call ?? call;
  }
  if (call.phase === 'in_progress') {
    c.answered++;
    const knockOut = Math.random() < ctx.knockOutShare;
    const answers = answersFor(view, knockOut);
    await http.send(me, 'PUT', `/api/desk/callbacks/${taskId}/draft`, 'PUT /api/desk/callbacks/[id]/draft', { answers, notes: '' });
    // The conversation (at the emulator's pace), then the agent hangs up and submits, as the desk does.
    await sleep(Math.max(500, 6000 * ctx.timeScale));
    await http.send(me, 'POST', `/api/desk/calls/${call.id}/hangup`, 'POST /api/desk/calls/[id]/hangup');
    // What the desk shows after hanging up: a machine that answered is recorded by the call itself.
    const after = await http.send(me, 'GET', `/api/desk/calls?taskId=${taskId}`, 'GET /api/desk/calls');
    if (after.status === 200) call = (JSON.parse(after.body) as { call: CallView }).call ?? call;
    if (call.outcome) {
      c.autoRecorded++;
      return;
    }
    const submitted = await callAction(
      http,
      me,
      '/desk',
      ctx.submitActionId,
      { taskId, outcome: 'completed', answers, notes: knockOut ? '客户否认拜访' : '', manual: false },
      'action desk.submit',
    );
    if (submitted?.ok) c.submitted++;
    else refuse(c, `submit ${submitted ? submitted.error.slice(0, 40) : 'no answer'}`);
    return;
  }
  // Nobody reached: the call records the outcome by itself once its last status arrives.
  for (let i = 0; i < 20 && !call.outcome && call.phase === 'ended'; i++) {
    await sleep(500);
    const r = await http.send(me, 'GET', `/api/desk/calls?taskId=${taskId}`, 'GET /api/desk/calls');
    if (r.status === 200) call = (JSON.parse(r.body) as { call: CallView }).call ?? call;
    if (call.outcome) break;
  }
  if (call.outcome) c.autoRecorded++;
  else {
    refuse(c, `call ended without outcome (${call.phase}/${call.result ?? call.error?.code ?? '-'})`);
    await release(ctx, me, taskId);
  }
}

async function release(ctx: AgentContext, me: Person, taskId: string) {
  const r = await ctx.http.send(me, 'POST', `/api/callbacks/${taskId}/release`, 'POST /api/callbacks/[id]/release', { reason: 'break', note: '' });
  if (r.status === 200) ctx.counters.released++;
  else refuse(ctx.counters, `release ${r.status}`);
}

/** The script's answers: all the best ones, or the contact denying the visit (a knock-out). */
function answersFor(view: DeskView | null, knockOut: boolean): Record<string, unknown> {
  const questions = view?.script?.definition.questions ?? [];
  const ids = new Set(questions.map((q) => q.id));
  if (ids.has('identity') && ids.has('visited')) {
    return knockOut
      ? { identity: 'yes', visited: 'no', remarks: '客户表示近期未见过客户经理' }
      : { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5', remarks: '' };
  }
  // Another script: the first option of each choice question.
  const out: Record<string, unknown> = {};
  for (const q of questions) if (q.options.length > 0) out[q.id] = q.options[0].id;
  return out;
}
