import type http from 'node:http';
import { parseRangeHeader, resolveRange } from '@/lib/telephony/byte-range';
import { durationOf, FINAL, HungUp, newLeg, track } from './legs';
import { recordingMedia } from './recordings';
import { json, notFound, twilioError } from './replies';
import { API, rfc2822, type EmulatedRecording, type EmulatorState, type Leg } from './state';
import { runAgentLeg } from './twiml';
import { WAV_CONTENT_TYPE } from './wav';
import { isHttpUrl } from './webhooks';

/**
 * The REST resources: Calls (create, fetch, hang up through Status=completed|canceled) and
 * Recordings (media or resource), with Twilio's field names, error codes and messages.
 */

export function createCall(state: EmulatorState, res: http.ServerResponse, form: URLSearchParams, arrivedAt: number): void {
  const to = form.get('To');
  const from = form.get('From');
  const twimlUrl = form.get('Url');
  if (!to) return twilioError(res, 400, 21201, "No 'To' number is specified");
  if (!from) return twilioError(res, 400, 21213, "No 'From' number is specified");
  if (!twimlUrl) return twilioError(res, 400, 21205, 'Url parameter is required.');
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${maskForLog(to)}`);
  if (state.options.callerIds && !state.options.callerIds.includes(from)) return twilioError(res, 400, 21210, "'From' phone number not verified");
  if (!isHttpUrl(twimlUrl)) return twilioError(res, 400, 21205, 'Url is not a valid URL.');
  const leg = newLeg(state, {
    direction: 'outbound-api',
    to,
    from,
    parent: null,
    statusCallback: form.get('StatusCallback'),
    events: form.getAll('StatusCallbackEvent'),
    behaviour: 'agent',
  });
  state.createdAt.push(arrivedAt);
  state.log('call created', { sid: leg.sid });
  json(res, 201, callResource(state, leg));
  const timeout = Number(form.get('Timeout') ?? 60);
  track(state, runAgentLeg(state, leg, twimlUrl, Number.isFinite(timeout) ? timeout : 60));
}

export function fetchCall(state: EmulatorState, res: http.ServerResponse, sid: string, path: string): void {
  const leg = state.legs.get(sid);
  return leg ? json(res, 200, callResource(state, leg)) : notFound(res, path);
}

export function updateCall(state: EmulatorState, res: http.ServerResponse, sid: string, form: URLSearchParams, path: string): void {
  const leg = state.legs.get(sid);
  if (!leg) return notFound(res, path);
  const status = form.get('Status');
  if (status === 'completed' || status === 'canceled') {
    if (status === 'canceled' && leg.status === 'in-progress') {
      // Twilio: "canceled" only applies to a call that is queued or ringing.
      return json(res, 200, callResource(state, leg));
    }
    if (!FINAL.has(leg.status)) leg.abort.abort(new HungUp('hung up through the API'));
    return json(res, 200, callResource(state, leg));
  }
  if (status) return twilioError(res, 400, 21218, `Invalid Status: ${status}`);
  return json(res, 200, callResource(state, leg));
}

function callResource(state: EmulatorState, leg: Leg) {
  const uri = `${API}/Accounts/${state.options.accountSid}/Calls/${leg.sid}.json`;
  return {
    sid: leg.sid,
    date_created: rfc2822(leg.createdAt),
    date_updated: rfc2822(Date.now()),
    parent_call_sid: leg.parentCallSid,
    account_sid: state.options.accountSid,
    to: leg.to,
    to_formatted: leg.to,
    from: leg.from,
    from_formatted: leg.from,
    phone_number_sid: null,
    status: leg.status,
    start_time: leg.startTime ? rfc2822(leg.startTime) : null,
    end_time: leg.endTime ? rfc2822(leg.endTime) : null,
    duration: leg.endTime ? String(durationOf(leg)) : null,
    price: null,
    price_unit: 'USD',
    direction: leg.direction,
    answered_by: leg.answeredBy,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: { recordings: uri.replace('.json', '/Recordings.json'), events: uri.replace('.json', '/Events.json') },
  };
}

/** A recording's media (no extension or .wav: WAV, honouring one byte range) or its resource (.json). */
export function fetchRecording(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse, sid: string, extension: string, path: string): void {
  const rec = state.recordings.get(sid);
  if (!rec) return notFound(res, path);
  if (extension === '.json') return json(res, 200, recordingResource(state, rec));
  if (extension !== '' && extension !== '.wav') return twilioError(res, 404, 20404, `The emulator serves recordings as WAV only (no extension or .wav), not ${extension}`);
  const media = recordingMedia(state, rec);
  const headers = { 'Content-Type': WAV_CONTENT_TYPE, 'Accept-Ranges': 'bytes' };
  const asked = parseRangeHeader(req.headers.range);
  if (!asked) {
    res.writeHead(200, { ...headers, 'Content-Length': String(media.length) });
    return void res.end(media);
  }
  const range = resolveRange(asked, media.length);
  if (!range) {
    res.writeHead(416, { 'Content-Range': `bytes */${media.length}` });
    return void res.end();
  }
  res.writeHead(206, { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${media.length}` });
  res.end(media.subarray(range.start, range.end + 1));
}

function recordingResource(state: EmulatorState, rec: EmulatedRecording) {
  const uri = `${API}/Accounts/${state.options.accountSid}/Recordings/${rec.sid}.json`;
  return {
    sid: rec.sid,
    account_sid: state.options.accountSid,
    call_sid: rec.callSid,
    conference_sid: null,
    api_version: '2010-04-01',
    date_created: rfc2822(rec.startTime),
    date_updated: rfc2822(rec.startTime),
    start_time: rfc2822(rec.startTime),
    duration: String(rec.durationSeconds),
    channels: rec.channels,
    source: 'DialVerb',
    status: 'completed',
    price: null,
    price_unit: 'USD',
    error_code: null,
    media_url: `${state.url}${uri.replace('.json', '')}`,
    uri,
  };
}

/** Phone numbers in emulator logs keep only their last 4 digits. */
function maskForLog(value: string): string {
  return value.length > 4 ? `…${value.slice(-4)}` : value;
}
