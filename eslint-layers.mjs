/**
 * The dependency order of lib/ (docs/ARCHITECTURE.md, "Layers"), as ESLint rules: each folder may
 * import only what sits below it. lib/platform/ is the foundation; every other folder of lib/ is a
 * business domain, in the middle layer (MIDDLE_DOMAINS, in order) or the top one (TOP_DOMAINS).
 */

/** The domains that read the others' results, highest first: each may import those after it, never before. */
export const TOP_DOMAINS = ['demo', 'unit', 'integrity', 'disputes', 'assessment'];

/**
 * The middle layer, lowest first: each domain may import only those before it (and lib/platform).
 * docs/ARCHITECTURE.md, "Layers", says what each one is. A new folder of lib/ gets its place here.
 */
export const MIDDLE_DOMAINS = [
  'notifications',
  'auth',
  'users',
  'web',
  'live',
  'org',
  'queues-dashboard',
  'points',
  'calling',
  'policy',
  'scripts',
  'claims',
  'contacts',
  'customers',
  'plans',
  'visits',
  'campaigns',
  'coverage',
  'checks',
  'verdicts',
  'callbacks',
  'telephony',
  'desk',
  'sampling',
  'spot-checks',
  'imports',
  'indicators',
  'audit-trail',
  'exports',
];

/** Tests and their fixtures may set up whatever they need; the layers are about the code they test. */
const TEST_FILES = ['**/*.test.ts', '**/test-support.ts', '**/test-fixtures.ts'];

const libPattern = (folders) => folders.map((f) => `@/lib/${f}/*`).concat(folders.map((f) => `@/lib/${f}`));

/** `libFolders`: the folders of lib/ (read from the tree by the caller), lib/platform among them. */
export function layerRules(libFolders) {
  const domains = libFolders.filter((f) => f !== 'platform');
  const unplaced = domains.filter((f) => !TOP_DOMAINS.includes(f) && !MIDDLE_DOMAINS.includes(f));
  const restrict = (groups, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] });
  const layers = 'docs/ARCHITECTURE.md, "Layers"';
  return [
    {
      files: ['lib/platform/**/*.ts'],
      ignores: TEST_FILES,
      rules: restrict(libPattern(domains), 'lib/platform knows no business domain: move the shared piece down instead.'),
    },
    ...MIDDLE_DOMAINS.map((f, i) => {
      const below = MIDDLE_DOMAINS.slice(0, i);
      const others = domains.filter((d) => d !== f && !below.includes(d));
      return {
        files: [`lib/${f}/**/*.{ts,tsx}`],
        ignores: TEST_FILES,
        rules: restrict(
          libPattern(others),
          `lib/${f} may import only lib/platform and the domains below it${below.length ? ` (${below.join(', ')})` : ''} (${layers}): move the shared piece down, or let the higher domain pass it in.`,
        ),
      };
    }),
    ...unplaced.map((f) => ({
      files: [`lib/${f}/**/*.{ts,tsx}`],
      ignores: TEST_FILES,
      rules: restrict(libPattern(domains.filter((d) => d !== f)), `lib/${f} has no place in the layers yet: add it to MIDDLE_DOMAINS in eslint-layers.mjs, after the domains it imports (${layers}).`),
    })),
    ...TOP_DOMAINS.map((f, i) => ({
      files: [`lib/${f}/**/*.{ts,tsx}`],
      ignores: TEST_FILES,
      rules: i === 0 ? {} : restrict(libPattern(TOP_DOMAINS.slice(0, i)), `lib/${f} sits below ${TOP_DOMAINS.slice(0, i).join(', ')} (${layers}).`),
    })),
    {
      // Pages, routes and CLI commands call verbs; queries live in lib/.
      files: ['app/**/*.{ts,tsx}', 'scripts/cli/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [{ name: 'drizzle-orm', message: 'Call a verb in lib/<domain>/; no queries in pages, routes or CLI commands.' }],
            patterns: [{ group: ['@/db/*', '@/db'], message: 'Call a verb in lib/<domain>/; no queries in pages, routes or CLI commands.' }],
          },
        ],
      },
    },
  ];
}
