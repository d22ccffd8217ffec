// Type-checks the hub and CLI, the desktop shell, the console and its component tests, and the
// pages' passkey script with TypeScript 7 (the native compiler, installed as `typescript-native`).
// The `typescript` package is 6.x only because typescript-eslint and knip need its JavaScript API,
// which TypeScript 7 no longer ships.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')), 'bin', 'tsc');
const projects = process.argv.length > 2 ? process.argv.slice(2) : ['tsconfig.json', 'main/electron/tsconfig.json', 'renderer/tsconfig.json', 'test/renderer/tsconfig.json', 'main/hub/factors/browser/tsconfig.json'];
for (const project of projects) {
  const { status } = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
