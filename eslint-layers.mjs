/**
 * The dependency order of lib/ (docs/ARCHITECTURE.md, "Layers"), as ESLint rules: each folder may
 * import only what sits below it. lib/platform/ is the foundation; every other folder of lib/ is a
 * business domain, in the middle layer unless it is one of the top domains.
 */

/** The domains that read the others' results, highest first: each may import those after it, never before. */
export const TOP_DOMAINS = ['demo', 'unit', 'integrity', 'disputes', 'assessment'];

const libPattern = (folders) => folders.map((f) => `@/lib/${f}/*`).concat(folders.map((f) => `@/lib/${f}`));

/** `libFolders`: the folders of lib/ (read from the tree by the caller), lib/platform among them. */
export function layerRules(libFolders) {
  const domains = libFolders.filter((f) => f !== 'platform');
  const middle = domains.filter((f) => !TOP_DOMAINS.includes(f));
  const restrict = (groups, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] });
  return [
    {
      files: ['lib/platform/**/*.ts'],
      ignores: ['**/*.test.ts'],
      rules: restrict(libPattern(domains), 'lib/platform knows no business domain: move the shared piece down instead.'),
    },
    {
      files: middle.map((f) => `lib/${f}/**/*.{ts,tsx}`),
      ignores: ['**/*.test.ts'],
      rules: restrict(libPattern(TOP_DOMAINS), 'A domain below the month close may not import assessment, disputes, integrity, unit or demo (docs/ARCHITECTURE.md, "Layers").'),
    },
    ...TOP_DOMAINS.map((f, i) => ({
      files: [`lib/${f}/**/*.{ts,tsx}`],
      ignores: ['**/*.test.ts'],
      rules: i === 0 ? {} : restrict(libPattern(TOP_DOMAINS.slice(0, i)), `lib/${f} sits below ${TOP_DOMAINS.slice(0, i).join(', ')} (docs/ARCHITECTURE.md, "Layers").`),
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
