import { API, newSid, rfc2822, type EmulatedRecording, type EmulatorState, type Leg } from './state';
import { generateWav } from './wav';
import { deliver } from './webhooks';
import type { XmlElement } from './xml';

/**
 * A <Dial record="record-from-answer…"> that bridged leaves a recording, as Twilio does: its
 * status callback (RecordingSid, RecordingUrl, RecordingDuration, …) once the dial ends, and its
 * media — a tone generated in code (wav.ts), as long as the conversation (at most 5 minutes), one
 * or two channels like the recording. The REST side (rest.ts) serves it.
 */

export async function recordingDone(state: EmulatorState, parent: Leg, dial: XmlElement, record: string, bridgedAt: number | null): Promise<void> {
  if (!record.startsWith('record-from') || bridgedAt === null || parent.recordingSid || state.server === null) return;
  parent.recordingSid = newSid('RE');
  const durationSeconds = Math.max(0, Math.round((Date.now() - bridgedAt) / 1000));
  const channels = record.endsWith('-dual') ? 2 : 1;
  state.recordings.set(parent.recordingSid, { sid: parent.recordingSid, callSid: parent.sid, channels, durationSeconds, startTime: bridgedAt });
  const url = dial.attrs.recordingStatusCallback;
  const events = (dial.attrs.recordingStatusCallbackEvent ?? 'completed').split(/\s+/);
  if (!url || !events.includes('completed')) return;
  await deliver(state, parent, url, 'recording', {
    AccountSid: state.options.accountSid,
    CallSid: parent.sid,
    RecordingSid: parent.recordingSid,
    RecordingUrl: `${state.url}${API}/Accounts/${state.options.accountSid}/Recordings/${parent.recordingSid}`,
    RecordingStatus: 'completed',
    RecordingDuration: String(durationSeconds),
    RecordingChannels: String(channels),
    RecordingStartTime: rfc2822(bridgedAt),
    RecordingSource: 'DialVerb',
    RecordingTrack: 'both',
  });
}

/** A recording's WAV bytes, made on first request; only the last few played are kept. */
export function recordingMedia(state: EmulatorState, rec: EmulatedRecording): Buffer {
  let media = state.mediaCache.get(rec.sid);
  if (!media) {
    media = generateWav(rec.durationSeconds, rec.channels);
    state.mediaCache.set(rec.sid, media);
    for (const key of state.mediaCache.keys()) if (state.mediaCache.size > 8) state.mediaCache.delete(key);
  }
  return media;
}
