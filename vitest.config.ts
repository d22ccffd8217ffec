import { defineConfig } from 'vitest/config';
import { HUB_NODE_FLAGS } from './main/hub/node-flags.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'renderer/**/*.test.tsx'],
    pool: 'forks',
    // Tests run hubs in their workers: with the V8 flags lanyard serve and the desktop app give the hub.
    execArgv: [...HUB_NODE_FLAGS],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
