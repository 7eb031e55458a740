/**
 * Preloaded (`node --require`) into the web processes of the multi-process test
 * (tests/support/web-process.ts), which serve the app's real route handlers without a Next.js
 * build or server. Two modules only Next's server provides are stood in for, for the whole process:
 * `server-only` (a marker that throws outside React's server build) and `next/headers`, whose
 * `cookies()` / `headers()` read the request being handled (kept in an AsyncLocalStorage the
 * process's HTTP server enters per request: `globalThis.__huifangRequest`). Everything else — the
 * session cookie's check, defineRoute, the verbs — is the app's own code.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: `node --require` runs it before any loader */
const Module = require('node:module');
const { AsyncLocalStorage } = require('node:async_hooks');

/** @type {AsyncLocalStorage<{ headers: Record<string, string> }>} */
const request = (globalThis.__huifangRequest ??= new AsyncLocalStorage());

function cookieJar() {
  const jar = new Map();
  for (const part of (request.getStore()?.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) jar.set(name, decodeURIComponent(value.join('=')));
  }
  return jar;
}

module.exports = {
  cookies: async () => {
    const jar = cookieJar();
    return {
      get: (name) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
      has: (name) => jar.has(name),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    };
  },
  headers: async () => new Headers(request.getStore()?.headers ?? {}),
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (specifier, ...rest) {
  if (specifier === 'server-only' || specifier === 'next/headers') return __filename;
  return resolve.call(this, specifier, ...rest);
};
