// Shared jest settings for every workspace: TypeScript through SWC (fast, no type-check; `npm run typecheck` does that).
/** @param {string} dir @param {Partial<import('jest').Config>} overrides */
module.exports = function jestProject(dir, overrides = {}) {
  return {
    displayName: require('path').relative(__dirname, dir) || 'root',
    rootDir: dir,
    testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '/out/'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', tsx: true },
            target: 'es2022',
            transform: { react: { runtime: 'classic' } },
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    testEnvironment: 'node',
    setupFiles: [require('path').join(__dirname, 'scripts/jest/refuse-network.setup.ts')],
    ...overrides,
    // The shared timeout first, so a workspace's own setup files (and each test file) can still change it.
    setupFilesAfterEnv: [
      require('path').join(__dirname, 'jest.timeout.js'),
      ...(overrides.setupFilesAfterEnv ?? []),
    ],
  };
};
