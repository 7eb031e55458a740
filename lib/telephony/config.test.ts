import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/platform/config/env';
import { EMULATOR_ACCOUNT, telephonyConfigFrom, webhookUrl } from './config';
import { rewriteTwilioUri } from './twilio-provider';

const SID = 'AC0123456789abcdef0123456789abcdef';
const issues = (source: Record<string, string>) => {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n').slice(1).map((l) => l.trim().split(':')[0]);
  }
};

describe('telephony settings', () => {
  it('the emulator needs nothing: the demo account, recording off', () => {
    const config = telephonyConfigFrom(parseEnv({}));
    expect(config).toMatchObject({ provider: 'emulator', ...EMULATOR_ACCOUNT, recording: false, emulatorUrl: 'http://127.0.0.1:3999' });
    expect(config.announcement).toBeTruthy();
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['twilio without credentials', { TELEPHONY: 'twilio', PUBLIC_BASE_URL: 'https://huifang.example.com' }, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_CALLER_ID']],
    [
      'twilio on a local address',
      { TELEPHONY: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_CALLER_ID: '+862160000000', PUBLIC_BASE_URL: 'http://localhost:3000' },
      ['PUBLIC_BASE_URL'],
    ],
    [
      'twilio over plain http',
      { TELEPHONY: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_CALLER_ID: '+862160000000', PUBLIC_BASE_URL: 'http://huifang.example.com' },
      ['PUBLIC_BASE_URL'],
    ],
    ['a malformed SID', { TWILIO_ACCOUNT_SID: 'SK123' }, ['TWILIO_ACCOUNT_SID']],
    ['a caller id that is not E.164', { TWILIO_CALLER_ID: '021-6000-0000' }, ['TWILIO_CALLER_ID']],
    ['recording neither on nor off', { CALL_RECORDING: 'yes' }, ['CALL_RECORDING']],
    ['markup in the announcement', { CALL_RECORDING_ANNOUNCEMENT: '<Play>x</Play>' }, ['CALL_RECORDING_ANNOUNCEMENT']],
    [
      'a complete twilio setup',
      { TELEPHONY: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_CALLER_ID: '+862160000000', PUBLIC_BASE_URL: 'https://huifang.example.com' },
      [],
    ],
  ])('%s', (_name, source, expected) => {
    expect(issues(source)).toEqual(expected);
  });

  it('announcement "off" plays nothing; webhook URLs are built on PUBLIC_BASE_URL', () => {
    const config = telephonyConfigFrom(parseEnv({ CALL_RECORDING: 'on', CALL_RECORDING_ANNOUNCEMENT: 'off', PUBLIC_BASE_URL: 'https://h.example.com/' }));
    expect(config).toMatchObject({ recording: true, announcement: null, publicBaseUrl: 'https://h.example.com' });
    expect(webhookUrl(config, 'dialStatus', 'abc')).toBe('https://h.example.com/api/telephony/twilio/dial-status?callId=abc');
  });
});

describe('the emulator', () => {
  it('the SDK is redirected from Twilio\'s API hosts only', () => {
    const target = 'http://127.0.0.1:3999';
    expect(rewriteTwilioUri('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json', target)).toBe(`${target}/2010-04-01/Accounts/AC1/Calls.json`);
    expect(rewriteTwilioUri('https://api.sydney.au1.twilio.com/2010-04-01/Accounts/AC1/Calls/CA1.json?x=1', target)).toBe(`${target}/2010-04-01/Accounts/AC1/Calls/CA1.json?x=1`);
    expect(rewriteTwilioUri('https://example.com/2010-04-01/x', target)).toBe('https://example.com/2010-04-01/x');
  });
});
