import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LOG_OPTIONS, redactingStream, redactPhoneNumbers } from './log';

describe('redactPhoneNumbers: no full phone number in a log line', () => {
  it.each([
    ['dialled 13812345678', 'dialled 138****5678'],
    ['To=+8613812345678&From=+862160000000', 'To=+86138****5678&From=+8621****0000'],
    ['To=%2B8613812345678&Called=%2b14155550123', 'To=%2B86138****5678&Called=%2b141****0123'],
    ['{"customerNumber":"+8613800138047"}', '{"customerNumber":"+86138****8047"}'],
    ['already masked 138****5678', 'already masked 138****5678'],
    ['"time":1764770000000,"pid":4242', '"time":1764770000000,"pid":4242'],
    ['call 7f3c2a10-1234-4abc-9def-123456789012', 'call 7f3c2a10-1234-4abc-9def-123456789012'],
    ['sequence 2147483648', 'sequence 2147483648'],
    ['12345678901234567890', '12345678901234567890'],
  ])('%s', (line, expected) => {
    expect(redactPhoneNumbers(line)).toBe(expected);
  });
});

describe('the logger writes redacted lines', () => {
  it('masks numbers in the message, logged objects and errors alike', () => {
    const lines: string[] = [];
    const log = pino({ ...LOG_OPTIONS, level: 'info' }, redactingStream({ write: (line: string) => void lines.push(line) }));
    const err = new Error('insert failed: params {"To":"+8613812345678"}');
    log.error({ err, payload: { To: '+8613812345678', Called: '13912345678' }, url: '/api/telephony/twilio/status?to=%2B8613812345678' }, 'webhook for 13812345678 failed');
    const text = lines.join('');
    expect(text).not.toMatch(/13812345678|13912345678/);
    expect(text).toContain('+86138****5678');
    expect(text).toContain('139****5678');
    expect(text).toContain('webhook for 138****5678 failed');
  });
});
