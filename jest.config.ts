import type { Config } from 'jest';

/**
 * `RESTFIT_TRANSPORT=undici` runs the suite with restfit/undici as axios's adapter
 * (spec/support/transport-switch.ts). Specs that test axios's own http adapter by name go here (path
 * pattern → why), and are left out in that mode. None today: the specs that name an adapter
 * (regressions/peer-bugs, client/axios-instance) take `axios.defaults.adapter`, which the switch sets.
 */
const AXIOS_HTTP_ADAPTER_ONLY: Record<string, string> = {};

const undici = process.env.RESTFIT_TRANSPORT === 'undici';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(undici ? Object.keys(AXIOS_HTTP_ADAPTER_ONLY) : [])],
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
