import { describe, expect, it } from 'vitest';
import { mediaUrl } from './recordings';

const SID = 'RE0123456789abcdef0123456789abcdef';
const ACCOUNT = 'AC6c0d0b14a598b3d0fb19a4bb36cc97ce';
const twilioConfig = { provider: 'twilio' as const, accountSid: ACCOUNT, emulatorUrl: 'http://127.0.0.1:3999' };
const emulatorConfig = { provider: 'emulator' as const, accountSid: ACCOUNT, emulatorUrl: 'http://127.0.0.1:3999/' };
const fromSid = (base: string) => `${base}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}.wav`;

describe('mediaUrl: the account credentials go to the provider only', () => {
  it.each<[string, typeof twilioConfig | typeof emulatorConfig, string | null, string]>([
    ["Twilio's RecordingUrl", twilioConfig, `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('https://api.twilio.com')],
    ['a regional Twilio host', twilioConfig, `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}.wav`],
    ['no URL stored', twilioConfig, null, fromSid('https://api.twilio.com')],
    ['another host', twilioConfig, `https://evil.example/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('https://api.twilio.com')],
    ['a look-alike host', twilioConfig, `https://api.twilio.com.evil.example/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('https://api.twilio.com')],
    ['plain http to Twilio', twilioConfig, `http://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('https://api.twilio.com')],
    ['another recording', twilioConfig, `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE99999999999999999999999999999999`, fromSid('https://api.twilio.com')],
    ['a query string', twilioConfig, `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}?x=1`, fromSid('https://api.twilio.com')],
    ['not a URL', twilioConfig, 'RecordingUrl', fromSid('https://api.twilio.com')],
    ["the emulator's RecordingUrl", emulatorConfig, `http://127.0.0.1:3999/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('http://127.0.0.1:3999')],
    ['an emulator on another port', emulatorConfig, `http://127.0.0.1:4000/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('http://127.0.0.1:3999')],
    ['Twilio while the emulator is configured', emulatorConfig, `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${SID}`, fromSid('http://127.0.0.1:3999')],
  ])('%s', (_, config, stored, expected) => {
    expect(mediaUrl(config, SID, stored)).toBe(expected);
  });
});
