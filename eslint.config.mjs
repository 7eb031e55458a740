import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { readdirSync } from 'node:fs';
import { layerRules } from './eslint-layers.mjs';

const libFolders = readdirSync(new URL('./lib', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ['next.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { rules: { '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }] } },
  ...layerRules(libFolders),
  { ignores: ['.next/**', 'node_modules/**', 'db/migrations/**', 'var/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'bench/out/**'] },
];

export default config;
