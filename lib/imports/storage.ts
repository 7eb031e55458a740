import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { env } from '@/lib/platform/config/env';

/**
 * Uploaded files are kept on local disk under UPLOAD_DIR (validate and commit read them again,
 * possibly in another process), streamed in and hashed on the way so large files never sit in memory.
 */
export function uploadsDir(): string {
  return path.resolve(env().UPLOAD_DIR);
}

export function safeFileName(name: string): string {
  const base = path.basename(name).replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return base.slice(-120) || 'upload';
}

export async function storeUpload(
  id: string,
  fileName: string,
  source: Readable | ReadableStream<Uint8Array> | string,
  maxBytes: number,
): Promise<{ storedPath: string; sha256: string; bytes: number }> {
  const dir = path.join(uploadsDir(), 'imports');
  await mkdir(dir, { recursive: true });
  const storedPath = path.join(dir, `${id}-${safeFileName(fileName)}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new FileTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const input =
    typeof source === 'string'
      ? createReadStream(source)
      : source instanceof Readable
        ? source
        : Readable.fromWeb(source as import('node:stream/web').ReadableStream<Uint8Array>);
  await pipeline(input, meter, createWriteStream(storedPath));
  return { storedPath, sha256: hash.digest('hex'), bytes };
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

export async function fileSize(filePath: string): Promise<number> {
  return (await stat(filePath)).size;
}

/** Removes a kept upload (a discarded import's file); a file already gone is fine. */
export async function removeUpload(storedPath: string): Promise<void> {
  await rm(storedPath, { force: true });
}
