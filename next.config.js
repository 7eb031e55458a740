// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/platform/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the server bundle.
  serverExternalPackages: ['bullmq', 'ioredis', 'pino', 'pino-pretty', 'exceljs', 'twilio', 'postgres', 'iconv-lite', '@bull-board/api', '@bull-board/hono', '@bull-board/ui', 'hono', '@hono/node-server', 'ejs'],
  poweredByHeader: false,
  experimental: {
    // Actions carry form fields only; files go to the upload routes (/api/imports, /api/disputes),
    // which count their own bodies. Anything larger is refused before the action runs.
    serverActions: { bodySizeLimit: '1mb' },
    // forbidden() renders app/forbidden.tsx with a 403 status.
    authInterrupts: true,
  },
};

module.exports = withNextIntl(nextConfig);
