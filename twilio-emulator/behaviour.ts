/**
 * What the emulated contact does, decided by the last two digits of the dialled number — so a
 * demo or a test chooses the case by the contact's phone. The README's Telephony section shows
 * this table.
 */
export type CustomerBehaviour = 'no-answer' | 'busy' | 'failed' | 'machine' | 'answer';

export const BEHAVIOUR_TABLE: readonly { ending: string; behaviour: CustomerBehaviour; description: string }[] = [
  { ending: '00', behaviour: 'no-answer', description: 'rings until the dial times out (30 s): no-answer' },
  { ending: '11', behaviour: 'busy', description: 'rings about 1 s, then busy' },
  { ending: '22', behaviour: 'failed', description: 'fails at once (number unreachable): failed' },
  { ending: '33', behaviour: 'machine', description: 'an answering machine answers after 2 s (AnsweredBy=machine_start), plays its greeting and records up to 20 s' },
  { ending: 'any other', behaviour: 'answer', description: 'a person answers after 2 s (AnsweredBy=human) and talks until hung up' },
];

export function customerBehaviour(number: string): CustomerBehaviour {
  const digits = number.replace(/\D/g, '');
  const ending = digits.slice(-2);
  return BEHAVIOUR_TABLE.find((row) => row.ending === ending)?.behaviour ?? 'answer';
}

/** Timings in milliseconds at time scale 1 (the emulator's `timeScale` multiplies them). */
export const TIMINGS = {
  /** queued → initiated → ringing */
  setup: 300,
  /** The agent's phone rings this long, then the agent answers. */
  agentAnswers: 1000,
  /** Busy signal after this much ringing. */
  busyAfter: 1000,
  /** A person or a machine answers after this much ringing. */
  customerAnswers: 2000,
  /** Answering-machine detection reports this long after the answer. */
  amdAfter: 1000,
  /** A machine records at most this long, then hangs up. */
  machineRecords: 20_000,
  /** Per character of <Say> text (at least `sayMin`). */
  sayPerChar: 120,
  sayMin: 1000,
} as const;
