import twilio from 'twilio';
import { webhookUrl, type TelephonyConfig } from './config';

/** How long the contact's phone rings before the dial gives up ("no answer"). */
export const DIAL_TIMEOUT_SECONDS = 30;
/** Hard cap of a callback conversation. */
export const CALL_TIME_LIMIT_SECONDS = 3600;

/**
 * The TwiML run when the agent answers their phone: dial the contact with the department's
 * caller number. answerOnBridge keeps the agent hearing the ringback until the contact answers;
 * the contact's leg reports its progress to dial-status, answering-machine detection reports to
 * amd (asynchronously, so a person is connected at once), and with recording on the bridged
 * conversation is recorded in two channels — after the announcement the contact hears first
 * (the <Number url> TwiML is played to the called party before the parties are connected).
 */
export function dialTwiml(config: TelephonyConfig, call: { id: string; customerNumber: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({
    callerId: config.callerId,
    answerOnBridge: true,
    timeout: DIAL_TIMEOUT_SECONDS,
    timeLimit: CALL_TIME_LIMIT_SECONDS,
    ...(config.recording
      ? {
          record: 'record-from-answer-dual' as const,
          recordingStatusCallback: webhookUrl(config, 'recording', call.id),
          recordingStatusCallbackMethod: 'POST',
          recordingStatusCallbackEvent: ['completed' as const, 'absent' as const],
        }
      : { record: 'do-not-record' as const }),
  });
  dial.number(
    {
      statusCallback: webhookUrl(config, 'dialStatus', call.id),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      machineDetection: 'Enable',
      amdStatusCallback: webhookUrl(config, 'amd', call.id),
      amdStatusCallbackMethod: 'POST',
      ...(config.recording && config.announcement ? { url: webhookUrl(config, 'announce', call.id), method: 'POST' } : {}),
    },
    call.customerNumber,
  );
  return response.toString();
}

/** Played to the contact after they answer, before the agent is connected. */
export function announcementTwiml(config: TelephonyConfig): string {
  const response = new twilio.twiml.VoiceResponse();
  if (config.announcement) response.say({ language: 'cmn-CN' }, config.announcement);
  return response.toString();
}

/** For a call that is over or unknown by the time its TwiML is asked for. */
export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}
