import { describe, expect, it } from 'vitest';
import { parseXml } from './xml';

describe("the emulator's TwiML reader", () => {
  it('reads TwiML: attributes, entities, nesting, self-closing verbs', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="cmn-CN">您好 &amp; 再见</Say><Dial callerId="+862160000000" answerOnBridge="true"><Number statusCallback="https://x/y?callId=1&amp;b=2" statusCallbackEvent="initiated ringing">+8613800138045</Number></Dial><Hangup/></Response>',
    );
    expect(root.name).toBe('Response');
    expect(root.children.map((c) => c.name)).toEqual(['Say', 'Dial', 'Hangup']);
    expect(root.children[0].text).toBe('您好 & 再见');
    const number = root.children[1].children[0];
    expect(number.attrs).toEqual({ statusCallback: 'https://x/y?callId=1&b=2', statusCallbackEvent: 'initiated ringing' });
    expect(number.text).toBe('+8613800138045');
    expect(() => parseXml('<Response><Say>unclosed</Response>')).toThrow();
  });
});
