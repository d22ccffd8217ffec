// Reads a V8 .cpuprofile and splits its samples into the layers a token request passes
// through: oidc-provider, Koa, our own code, SQLite, JSON, crypto, Node's HTTP, GC. Each
// sample goes to the layer of the function it was taken in (self time); natives and V8
// builtins without a script (better-sqlite3's statements, JSON.parse, hashing) are named by
// what they are, else counted with the function that called them.
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export const LAYERS = ['oidc-provider', 'Koa & HTTP libs', 'our HTTP code', 'our store (JS)', 'SQLite (native)', 'JSON', 'crypto', 'Node http/net/streams', 'Node other', 'other libs', 'GC', 'native (program)', 'idle'] as const;
export type Layer = (typeof LAYERS)[number];

const KOA_LIBS = /\/node_modules\/(koa|@koa|koa-compose|koa-convert|http-errors|cookies|keygrip|raw-body|content-type|type-is|accepts|statuses|on-finished|negotiator|media-typer|mime-types|mime-db|content-disposition|fresh|vary|delegates|only|encodeurl|escape-html|destroy|depd|http-assert|iconv-lite|bytes|unpipe|ee-first|path-to-regexp|koa-compose|cache-content-type|ylru|debug|ms)\//;
const SQLITE_METHODS = new Set(['run', 'get', 'all', 'iterate', 'pluck', 'prepare', 'exec', 'pragma', 'transaction', 'bind', 'raw', 'expand', 'columns', 'safeIntegers']);
const JSON_NAMES = new Set(['parse', 'stringify', 'JSONParse', 'JSONStringify']);
const NODE_IO_NAMES = new Set(['writeUtf8String', 'writev', 'writeBuffer', 'writeLatin1String', 'writeAsciiString', 'onStreamRead', 'execute', 'close', 'shutdown']);
const CRYPTO_NAMES = new Set(['digest', 'update', 'createHash', 'hash', 'randomFillSync', 'randomBytes', 'timingSafeEqual', 'Hash', 'getRandomValues']);

function byUrl(url: string): Layer | undefined {
  if (url.includes('/node_modules/oidc-provider/')) return 'oidc-provider';
  if (url.includes('/node_modules/jose/')) return 'crypto';
  if (url.includes('/node_modules/better-sqlite3/')) return 'SQLite (native)';
  if (KOA_LIBS.test(url)) return 'Koa & HTTP libs';
  if (url.includes('/node_modules/')) return 'other libs';
  if (url.includes('/main/hub/store/')) return 'our store (JS)';
  if (url.includes('/main/') || url.includes('/bench/') || url.includes('/shared/')) return 'our HTTP code';
  if (/^node:(internal\/)?crypto|^node:internal\/crypto/.test(url)) return 'crypto';
  if (/^node:(_http|http|https|net|stream|internal\/(http|streams|stream_base|net|js_stream|dns)|internal\/timers|timers)/.test(url)) return 'Node http/net/streams';
  if (url.startsWith('node:')) return 'Node other';
  return undefined;
}

/** Self time per layer in ms, and per function (top N) for the README's tables. */
export function layersOf(file: string): { totalMs: number; layers: Record<Layer, number>; top: { name: string; layer: Layer; ms: number }[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const memo = new Map<number, Layer>();
  const layerOf = (id: number): Layer => {
    const cached = memo.get(id);
    if (cached) return cached;
    const { functionName: name, url } = nodes.get(id)!.callFrame;
    let layer: Layer;
    if (name === '(garbage collector)') layer = 'GC';
    else if (name === '(idle)' || name === '(root)') layer = 'idle';
    else if (name === '(program)') layer = 'native (program)';
    else if (url) layer = byUrl(url) ?? 'Node other';
    else {
      const up = parent.get(id);
      const caller = up === undefined ? 'idle' : layerOf(up);
      if (JSON_NAMES.has(name)) layer = 'JSON';
      else if (CRYPTO_NAMES.has(name)) layer = 'crypto';
      else if (NODE_IO_NAMES.has(name) && (caller === 'Node http/net/streams' || caller === 'Node other')) layer = 'Node http/net/streams';
      // better-sqlite3's statement and transaction methods are natives called from our store
      // or from its own lib/ wrappers (some show up without a name).
      else if ((SQLITE_METHODS.has(name) || name === '') && (caller === 'our store (JS)' || caller === 'SQLite (native)')) layer = 'SQLite (native)';
      else layer = caller === 'idle' ? 'native (program)' : caller;
    }
    memo.set(id, layer);
    return layer;
  };
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const layers = Object.fromEntries(LAYERS.map((layer) => [layer, 0])) as Record<Layer, number>;
  const byFunction = new Map<string, { name: string; layer: Layer; ms: number }>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const layer = layerOf(id);
    layers[layer] += ms;
    totalMs += ms;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(main|bench|shared)\//, '$1/')}:${lineNumber + 1}`;
    const entry = byFunction.get(name) ?? { name, layer, ms: 0 };
    entry.ms += ms;
    byFunction.set(name, entry);
  }
  const top = [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, 40);
  return { totalMs, layers, top };
}
