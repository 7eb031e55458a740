/**
 * The Twilio emulator: a local stand-in for the part of Twilio's Voice REST API Huifang uses, for
 * the demo and the tests, since Twilio cannot be reached from here. The app talks to it with the
 * real `twilio` SDK (lib/telephony/twilio-provider.ts, EmulatorRequestClient); the emulator
 * uses only the product's helpers from lib, never the other way round.
 *
 *   POST /2010-04-01/Accounts/{AccountSid}/Calls.json            create a call (form-encoded)
 *   GET  /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json  fetch it
 *   POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json  Status=completed|canceled hangs up
 *   GET  /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}[.wav|.json]  a recording's media
 *        (WAV, audio/x-wav; one Range of bytes honoured) or its resource
 *
 * Basic auth must be the configured Account SID and auth token. A created call rings the `To`
 * phone (the agent's, who answers after ~1 s), fetches the TwiML from `Url` (POST, signed), runs
 * it, plays the dialled contact per the number's last two digits (behaviour.ts), and posts the
 * status callbacks of both legs, answering-machine detection and recording callbacks, with
 * Twilio's parameter names and signed exactly as Twilio signs them.
 *
 * Not Twilio: no real audio (the recording is a tone, .mp3 is not offered), GET callbacks are
 * sent as POST, and extra endpoints under /__emulator/ list the calls and let the contact hang up
 * (for tests and demos).
 *
 * By concern: http.ts (server, auth, routing), rest.ts (Calls and Recordings resources),
 * twiml.ts (what the verbs do), legs.ts (call legs, their states and status callbacks),
 * webhooks.ts (signed requests to the app), recordings.ts and wav.ts (what a recorded dial
 * leaves), behaviour.ts (the contact by number), xml.ts (reading TwiML), state.ts (what an
 * emulator holds), emulator.ts (the object scripts and tests use).
 */
export { createTwilioEmulator, TwilioEmulator } from './emulator';
export type { Delivery, EmulatedCall, EmulatedRecording, EmulatorOptions } from './state';
export { BEHAVIOUR_TABLE, customerBehaviour, TIMINGS, type CustomerBehaviour } from './behaviour';
