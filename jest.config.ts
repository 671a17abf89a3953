import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: {
    '^restfit$': '<rootDir>/lib/index.ts',
    '^restfit/(.*)$': '<rootDir>/lib/$1/index.ts',
  },
  testTimeout: 20000,
  detectOpenHandles: false,
};

export default config;
