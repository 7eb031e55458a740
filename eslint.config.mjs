import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ['next.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { rules: { '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }] } },
  { ignores: ['.next/**', 'node_modules/**', 'db/migrations/**', 'var/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
