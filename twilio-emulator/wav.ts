/**
 * The emulator's recording media: a WAV file made in code (no binary fixtures) — 16-bit PCM at
 * 8 kHz, Twilio's telephony rate, one or two channels like the recording — holding a quiet tone
 * with a short pause every second, so a player shows something moving. Twilio serves WAV as
 * audio/x-wav.
 */
export const WAV_CONTENT_TYPE = 'audio/x-wav';
export const WAV_SAMPLE_RATE = 8000;
/** The emulator keeps a recording's media short, whatever the call lasted. */
export const WAV_MAX_SECONDS = 300;

export function wavSize(seconds: number, channels: 1 | 2): number {
  return 44 + frames(seconds) * channels * 2;
}

function frames(seconds: number): number {
  return Math.round(Math.min(WAV_MAX_SECONDS, Math.max(1, seconds)) * WAV_SAMPLE_RATE);
}

/** A RIFF/WAVE file of `seconds` (at least 1, at most WAV_MAX_SECONDS) of tone; `hz` per channel. */
export function generateWav(seconds: number, channels: 1 | 2, hz: readonly number[] = [440, 660]): Buffer {
  const n = frames(seconds);
  const dataBytes = n * channels * 2;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16); // fmt chunk size
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(channels, 22);
  buffer.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  buffer.writeUInt32LE(WAV_SAMPLE_RATE * channels * 2, 28); // byte rate
  buffer.writeUInt16LE(channels * 2, 32); // block align
  buffer.writeUInt16LE(16, 34); // bits per sample
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataBytes, 40);
  const amplitude = 0.2 * 32767;
  for (let i = 0; i < n; i++) {
    // 0.8 s of tone, 0.2 s of silence, every second.
    const on = i % WAV_SAMPLE_RATE < 0.8 * WAV_SAMPLE_RATE;
    for (let c = 0; c < channels; c++) {
      const value = on ? Math.round(amplitude * Math.sin((2 * Math.PI * hz[c % hz.length] * i) / WAV_SAMPLE_RATE)) : 0;
      buffer.writeInt16LE(value, 44 + (i * channels + c) * 2);
    }
  }
  return buffer;
}
