#!/usr/bin/env node
// Entry point of the `lanyard` command. Plain JavaScript so that it can explain itself
// on the wrong Node before any TypeScript is loaded.
import nodeModule from 'node:module';
import { cliModule } from './cli-module.js';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`lanyard: Node ${process.versions.node} is too old; Lanyard needs Node 24. In a checkout, run "npm install" and then "npx lanyard …" (npx uses the project's own Node 24).`);
  process.exit(1);
}
if (process.argv[2] === 'serve') await restartWithHubFlags();
// V8's compiled code for the command's modules, kept on disk between runs (os.tmpdir()): a start
// skips most parsing (~0.2 s of ~0.7 s).
nodeModule.enableCompileCache();
const { main } = await import(cliModule(new URL('../', import.meta.url)).href);
await main(process.argv);

/**
 * The hub runs with V8 flags and allocator settings of its own (main/hub/node-flags.ts), which
 * must be given when the process starts: replace this process by one with them (same pid, same
 * terminal and signals). Flags given on the command line or in NODE_OPTIONS, and tunables already
 * in GLIBC_TUNABLES, are kept, and a second pass finds none missing, so this happens once. Where
 * process.execve does not exist (Windows), the hub runs without them.
 */
async function restartWithHubFlags() {
  if (typeof process.execve !== 'function') return;
  const { hubEnvironment, missingFlags } = await import('../main/hub/node-flags.ts');
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  const missing = missingFlags(given);
  const env = hubEnvironment(process.env);
  if (missing.length === 0 && env.GLIBC_TUNABLES === process.env.GLIBC_TUNABLES) return;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], env);
}
