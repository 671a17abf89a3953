import type { Config } from 'jest';

/**
 * `RESTFIT_TRANSPORT=undici` runs the suite with restfit/undici as axios's adapter
 * (spec/support/transport-switch.ts). Specs that test axios's own http adapter by name go here (path
 * pattern → why), and are left out in that mode. None today: the specs that name an adapter
 * (regressions/peer-bugs, client/axios-instance) take `axios.defaults.adapter`, which the switch sets.
 */
const AXIOS_HTTP_ADAPTER_ONLY: Record<string, string> = {};

/** Specs that send nothing through axios on Node, so a second run through the adapter would repeat them. */
const NO_NODE_TRANSPORT: Record<string, string> = {
  '/spec/architecture/': 'reads the import graph of lib/',
  '/spec/docs/':
    'typechecks the documentation examples (their runnable ones start their own clients per run)',
  '/spec/runtimes/': 'Bun, Deno, Chromium and workerd use their own fetch, not an adapter on Node',
};

const undici = process.env.RESTFIT_TRANSPORT === 'undici';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(undici ? Object.keys({ ...AXIOS_HTTP_ADAPTER_ONLY, ...NO_NODE_TRANSPORT }) : []),
  ],
  setupFilesAfterEnv: ['<rootDir>/spec/support/transport-switch.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: {
    '^restfit$': '<rootDir>/lib/index.ts',
    '^restfit/(.*)$': '<rootDir>/lib/$1/index.ts',
  },
  testTimeout: 20000,
  detectOpenHandles: false,
};

export default config;
