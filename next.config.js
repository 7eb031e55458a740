// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/platform/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the server bundle.
  serverExternalPackages: ['bullmq', 'ioredis', 'pino', 'pino-pretty', 'exceljs', 'twilio', 'postgres', 'iconv-lite', '@bull-board/api', '@bull-board/hono', '@bull-board/ui', 'hono', '@hono/node-server', 'ejs'],
  poweredByHeader: false,
  // A build of its own (the soak bench builds into bench/out/.next-soak, so another bench's or
  // person's `next build` into .next never replaces the files under its running server). It
  // builds the tree as it is, types unchecked (that is the commit's check), with a tsconfig of its
  // own that `next build` may amend without touching the project's.
  ...(process.env.HUIFANG_NEXT_DIST_DIR
    ? { distDir: process.env.HUIFANG_NEXT_DIST_DIR, typescript: { ignoreBuildErrors: true, tsconfigPath: process.env.HUIFANG_NEXT_TSCONFIG } }
    : {}),
  experimental: {
    // Actions carry form fields only; files go to the upload routes (/api/imports, /api/disputes),
    // which count their own bodies. Anything larger is refused before the action runs.
    serverActions: { bodySizeLimit: '1mb' },
    // forbidden() renders app/forbidden.tsx with a 403 status.
    authInterrupts: true,
  },
};

module.exports = withNextIntl(nextConfig);
