import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/platform/config/env';
import { telephonyConfigFrom } from './config';
import { parseXml } from '@/twilio-emulator/xml';
import { announcementTwiml, dialTwiml, hangupTwiml } from './twiml';

const config = (env: Record<string, string>) => telephonyConfigFrom(parseEnv({ PUBLIC_BASE_URL: 'https://h.example.com', ...env }));
const call = { id: '7f1c1f7e-8a43-4d4e-9a57-1c1d3bb0a001', customerNumber: '+8613800138045' };

describe('TwiML', () => {
  it('dials the contact with the caller id, answerOnBridge, progress and AMD callbacks; no recording when off', () => {
    const dial = parseXml(dialTwiml(config({}), call)).children[0];
    expect(dial.name).toBe('Dial');
    expect(dial.attrs).toMatchObject({ callerId: '+862160000000', answerOnBridge: 'true', record: 'do-not-record', timeout: '30' });
    expect(dial.attrs.recordingStatusCallback).toBeUndefined();
    const number = dial.children[0];
    expect(number.name).toBe('Number');
    expect(number.text).toBe('+8613800138045');
    expect(number.attrs).toMatchObject({
      statusCallback: `https://h.example.com/api/telephony/twilio/dial-status?callId=${call.id}`,
      statusCallbackEvent: 'initiated ringing answered completed',
      machineDetection: 'Enable',
      amdStatusCallback: `https://h.example.com/api/telephony/twilio/amd?callId=${call.id}`,
    });
    expect(number.attrs.url).toBeUndefined();
  });

  it('with recording on: records both channels from the answer, reports the recording, announces it to the contact first', () => {
    const dial = parseXml(dialTwiml(config({ CALL_RECORDING: 'on' }), call)).children[0];
    expect(dial.attrs).toMatchObject({
      record: 'record-from-answer-dual',
      recordingStatusCallback: `https://h.example.com/api/telephony/twilio/recording?callId=${call.id}`,
      recordingStatusCallbackEvent: 'completed absent',
    });
    expect(dial.children[0].attrs.url).toBe(`https://h.example.com/api/telephony/twilio/voice/announce?callId=${call.id}`);
    const say = parseXml(announcementTwiml(config({ CALL_RECORDING: 'on', CALL_RECORDING_ANNOUNCEMENT: '本次通话将被录音' }))).children[0];
    expect(say).toMatchObject({ name: 'Say', text: '本次通话将被录音' });
    // Recording without an announcement: no <Number url>.
    expect(parseXml(dialTwiml(config({ CALL_RECORDING: 'on', CALL_RECORDING_ANNOUNCEMENT: 'off' }), call)).children[0].children[0].attrs.url).toBeUndefined();
  });

  it('hangs up a call that is over', () => {
    expect(parseXml(hangupTwiml()).children.map((c) => c.name)).toEqual(['Hangup']);
  });
});
