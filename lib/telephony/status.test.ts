import { describe, expect, it } from 'vitest';
import { advances, automaticOutcome, callPhase, callResult, providerWholeNumber, type CallState } from './status';

describe('advances', () => {
  it.each([
    [null, 'initiated', true],
    ['queued', 'initiated', true],
    ['initiated', 'ringing', true],
    ['ringing', 'in-progress', true],
    ['in-progress', 'completed', true],
    ['ringing', 'no-answer', true],
    ['completed', 'ringing', false],
    ['completed', 'in-progress', false],
    ['completed', 'busy', false],
    ['no-answer', 'completed', false],
    ['in-progress', 'in-progress', false],
    ['ringing', 'initiated', false],
    ['queued', 'something-else', false],
  ] as const)('%s → %s: %s', (from, to, expected) => {
    expect(advances(from, to)).toBe(expected);
  });
});

const state = (over: Partial<CallState>): CallState => ({ status: 'in-progress', customerLegStatus: null, answeredBy: null, errorCode: null, ...over });

describe('phase, result and automatic outcome', () => {
  it.each<[string, Partial<CallState>, string, string | null, string | null]>([
    ['agent phone ringing', { status: 'ringing' }, 'dialling', null, null],
    ['agent answered, contact being dialled', { customerLegStatus: 'initiated' }, 'dialling', null, null],
    ['contact ringing', { customerLegStatus: 'ringing' }, 'ringing', null, null],
    ['talking', { customerLegStatus: 'in-progress' }, 'in_progress', null, null],
    ['hung up after talking', { status: 'completed', customerLegStatus: 'completed' }, 'ended', 'answered', null],
    ['no answer', { customerLegStatus: 'no-answer' }, 'ended', 'no_answer', 'no_answer'],
    ['busy', { status: 'completed', customerLegStatus: 'busy' }, 'ended', 'busy', 'busy'],
    ['failed', { customerLegStatus: 'failed' }, 'ended', 'failed', 'technical_failure'],
    ['machine', { customerLegStatus: 'completed', answeredBy: 'machine_start' }, 'ended', 'answering_machine', 'answering_machine'],
    ['fax', { customerLegStatus: 'completed', answeredBy: 'fax' }, 'ended', 'answering_machine', 'answering_machine'],
    ['a person (AMD said human)', { customerLegStatus: 'completed', answeredBy: 'human' }, 'ended', 'answered', null],
    ['agent gave up while it rang', { status: 'completed', customerLegStatus: 'canceled' }, 'ended', 'canceled', null],
    ['agent leg ended before the contact leg reported', { status: 'completed', customerLegStatus: 'in-progress' }, 'ended', 'answered', null],
    ['agent phone not answered', { status: 'no-answer' }, 'ended', 'agent_unanswered', null],
    ['agent phone busy', { status: 'busy' }, 'ended', 'agent_unanswered', null],
    ['agent hung up before the dial', { status: 'completed' }, 'ended', 'canceled', null],
    ['provider refused', { status: 'failed', errorCode: 'provider_refused' }, 'ended', 'provider_error', 'technical_failure'],
    ['provider down', { status: 'failed', errorCode: 'provider_unavailable' }, 'ended', 'provider_error', 'technical_failure'],
    ['never sent: the line was saturated', { status: 'canceled', errorCode: 'line_busy' }, 'ended', 'canceled', null],
  ])('%s', (_name, over, phase, result, outcome) => {
    const call = state(over);
    expect(callPhase(call)).toBe(phase);
    expect(callResult(call)).toBe(result);
    expect(automaticOutcome(call)).toBe(outcome);
  });
});

describe('providerWholeNumber: a number field fits its integer column or is refused', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['2147483647', 2147483647],
    ['2147483648', null],
    ['9'.repeat(400), null],
    ['-1', null],
    ['1e3', null],
    ['1.5', null],
    [' 3', null],
    ['', null],
    [undefined, null],
  ])('%j → %s', (value, expected) => {
    expect(providerWholeNumber(value)).toBe(expected);
  });
});
