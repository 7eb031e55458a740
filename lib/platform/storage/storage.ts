import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/platform/config/env';
import { NotFoundError } from '@/lib/platform/core/errors';

/**
 * Where uploaded evidence (dispute attachments) is kept: a small key → bytes store. Keys are
 * made by the caller from ids it generated (never from a user's file name). The default keeps
 * files on local disk under UPLOAD_DIR; another backend (object storage) implements the same
 * three calls.
 */
export interface Storage {
  /** Stores the bytes under the key (replacing what was there). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under the key; NotFoundError('storage.notFound') when there are none. */
  get(key: string): Promise<Uint8Array>;
  /** Removes the key; removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are paths of safe segments: letters, digits, '.', '_' and '-', separated by '/'. */
const KEY_RE = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export function isStorageKey(key: string): boolean {
  return key.length <= 512 && KEY_RE.test(key);
}

function assertKey(key: string): void {
  if (!isStorageKey(key)) throw new RangeError(`Not a storage key: ${JSON.stringify(key)}`);
}

/** Files on local disk under one folder; a write lands whole (temporary file, then rename). */
export class LocalDiskStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.part`;
    try {
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('storage.notFound');
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

let configured: Storage | undefined;

/**
 * The process's storage: the local disk under UPLOAD_DIR (resolved against the working
 * directory, the project root for the web server, the worker and the CLI) unless replaced.
 */
export function storage(): Storage {
  configured ??= new LocalDiskStorage(env().UPLOAD_DIR);
  return configured;
}

/** Replaces the process's storage (another backend; tests use a folder of their own). */
export function setStorage(next: Storage | undefined): void {
  configured = next;
}
