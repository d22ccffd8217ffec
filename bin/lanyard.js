#!/usr/bin/env node
// Entry point of the `lanyard` command. Plain JavaScript so that it can explain itself
// on the wrong Node before any TypeScript is loaded.
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { checkedChoice, cliModuleFor } from './cli-module.js';

/**
 * Set in the environment of the process `serve` replaces itself with, so that it does so once:
 * which module to run, as checked before (cli-module.js says why the hub does not check again).
 */
const REEXECUTED = 'LANYARD_HUB_REEXECUTED';
const root = new URL('../', import.meta.url);

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`lanyard: Node ${process.versions.node} is too old; Lanyard needs Node 24. In a checkout, run "npm install" and then "npx lanyard …" (npx uses the project's own Node 24).`);
  process.exit(1);
}
const choice = process.argv[2] === 'serve' ? await restartWithHubFlags() : undefined;
// V8's compiled code for the command's modules, kept between runs (~0.2 s of a ~0.7 s start),
// in the checkout's own node_modules/.cache: a shared directory such as /tmp would let another
// local user plant code there (Node checks the cache's checksums, not who wrote it). Where that
// directory cannot be written, Node runs without the cache.
nodeModule.enableCompileCache(fileURLToPath(new URL('node_modules/.cache/lanyard-compile', root)));
const { main } = await import(cliModuleFor(root, choice).href);
await main(process.argv);

/**
 * The hub runs with V8 flags and allocator settings of its own (main/hub/node-flags.ts), which
 * must be given when the process starts: replace this process by one with them (same pid, same
 * terminal and signals). Flags given on the command line or in NODE_OPTIONS, and tunables already
 * in GLIBC_TUNABLES, are kept. The new process is told it was re-executed, and which module to
 * run, so this happens at most once even where the system drops a variable at exec (glibc does
 * so for GLIBC_TUNABLES in privileged processes), and it loads nothing here: node-flags.ts would
 * need the type stripper. Where process.execve does not exist (Windows), the hub runs without them.
 * @returns {Promise<string | undefined>} in the new process, the module the replaced one chose
 */
async function restartWithHubFlags() {
  const inherited = process.env[REEXECUTED];
  if (inherited) {
    delete process.env[REEXECUTED];
    return inherited;
  }
  if (typeof process.execve !== 'function') return undefined;
  const { hubEnvironment, missingFlags } = await import('../main/hub/node-flags.ts');
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  const missing = missingFlags(given);
  const env = hubEnvironment(process.env);
  if (missing.length === 0 && env.GLIBC_TUNABLES === process.env.GLIBC_TUNABLES) return undefined;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], { ...env, [REEXECUTED]: checkedChoice(root) });
}
