// What every Node bundle that holds the hub shares — the desktop app's hub process
// (build-electron.mjs) and the `lanyard` command (build-cli.mjs): esbuild's settings, and the
// backup worker's own small bundle written beside it (main/hub/backup/worker-file.ts says why).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { WORKER_BUNDLE } from '../main/hub/backup/worker-file.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ESM bundles of CommonJS packages call require() for Node built-ins; give them one.
const requireShim = "import { createRequire as __lanyardCreateRequire } from 'node:module'; const require = __lanyardCreateRequire(import.meta.url);";

/**
 * `import … from 'node:http'` in an ES module makes Node build that module's namespace, which
 * reads every export, and node:http's WebSocket, CloseEvent and MessageEvent are getters that load
 * Node's fetch implementation (undici): ~14 MB more RSS in a hub that never uses them. The bundles'
 * import statements get node:http through process.getBuiltinModule instead, which reads only what
 * is named here (an import of any other name fails the build). require('http') never built the
 * namespace and is left alone.
 */
const HTTP_WITHOUT_UNDICI = `const http = process.getBuiltinModule('node:http');
export default http;
export const { Agent, ClientRequest, IncomingMessage, METHODS, OutgoingMessage, STATUS_CODES, Server, ServerResponse, createServer, get, globalAgent, maxHeaderSize, request, validateHeaderName, validateHeaderValue } = http;
`;

/** @type {import('esbuild').Plugin} */
const httpWithoutUndici = {
  name: 'lanyard-http-without-undici',
  setup(build) {
    build.onResolve({ filter: /^(node:)?http$/ }, (args) => (args.kind === 'import-statement' ? { path: 'node:http', namespace: 'lanyard-http' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lanyard-http' }, () => ({ contents: HTTP_WITHOUT_UNDICI, loader: 'js' }));
  },
};

/**
 * esbuild options for an ESM bundle run by Node 24 (or Electron's Node). better-sqlite3 stays
 * external: it is native, and electron-builder unpacks its .node file from the asar.
 * @param {{ minify?: boolean, logLevel?: import('esbuild').LogLevel, external?: string[] }} [options]
 * @returns {import('esbuild').BuildOptions}
 */
export function nodeBundleOptions(options = {}) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    sourcemap: 'linked',
    minify: options.minify ?? false,
    // Whitespace only: smaller source to hold in memory and parse, same names in stack traces.
    minifyWhitespace: true,
    // oidc-provider names each model's storage after its class (AccessToken, Grant…): a class
    // renamed to dodge a clash in the bundle, or left anonymous, stored tokens under a wrong or
    // empty model name.
    keepNames: true,
    // Beside the bundle, not in it: one non-ASCII byte in a licence ("Héctor") made Node decode
    // all 4 MB as UTF-16, ~100 ms of every start and twice the memory for the source.
    legalComments: 'linked',
    logLevel: options.logLevel ?? 'warning',
    metafile: true,
    banner: { js: requireShim },
    external: ['better-sqlite3', ...(options.external ?? [])],
    plugins: [httpWithoutUndici],
  };
}

/**
 * Writes the backup worker's bundle into `outdir`, beside a bundle that holds the hub.
 * @param {string} outdir
 * @param {import('esbuild').BuildOptions} options from nodeBundleOptions()
 */
export function buildBackupWorker(outdir, options) {
  return esbuild.build({ ...options, entryPoints: [path.join(root, 'main/hub/backup/worker.ts')], outfile: path.join(outdir, WORKER_BUNDLE) });
}

/**
 * Each JavaScript file the builds wrote (source maps and licence files aside), by its name in
 * `outdir`: its size, and the modules it leaves to the runtime (esbuild's externals).
 * @param {import('esbuild').BuildResult[]} results
 * @param {string} outdir
 */
export function describeBundles(results, outdir) {
  /** @type {Record<string, number>} */
  const outputs = {};
  /** @type {Record<string, string[]>} */
  const externals = {};
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
      if (!/\.[cm]js$/.test(file)) continue;
      const name = path.relative(outdir, path.resolve(root, file));
      outputs[name] = info.bytes;
      externals[name] = [...new Set(info.imports.filter((i) => i.external).map((i) => i.path))].sort();
    }
  }
  return { outputs, externals };
}

/**
 * A build script run from the command line: `build()`, then each bundle and its size, or the
 * failure in one line and exit code 1.
 * @param {string} name the script's name, for the error line
 * @param {() => Promise<{ outdir: string, outputs: Record<string, number> }>} build
 */
export async function runBuild(name, build) {
  try {
    const { outdir, outputs } = await build();
    for (const [file, bytes] of Object.entries(outputs)) console.log(`${path.relative(root, path.join(outdir, file))}  ${(bytes / 1024).toFixed(1)} KiB`);
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
