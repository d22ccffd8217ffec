// Reads a V8 sampling heap profile taken with garbage included (lib/profiler.ts heapSampleStart
// { all: true }) and sums the bytes allocated per layer and per allocation site: what the
// garbage collector has to handle per request. Unlike time, bytes do not change with the load
// on the machine.
import { readFileSync } from 'node:fs';

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { callFrame: Frame; selfSize: number; children?: Node[] };

/** The package (or our own folder) a frame's script belongs to; '' for natives and builtins. */
function layerOf(url: string): string {
  if (url.includes('/node_modules/')) return /\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? 'libraries';
  if (url.includes('/main/hub/store/')) return 'our store';
  if (url.includes('/main/')) return 'our HTTP & OAuth code';
  if (url.includes('/bench/')) return 'bench';
  if (url.startsWith('node:')) return 'node';
  return '';
}

const frameName = (frame: Frame) => `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(main|bench)\//, '$1/')}:${frame.lineNumber + 1}`;

/** Bytes per layer and per site (a site: the allocating frame and its two callers); a builtin's bytes go to its caller's layer. */
export function allocationsOf(file: string): { total: number; layers: Map<string, number>; sites: Map<string, number> } {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
  const layers = new Map<string, number>();
  const sites = new Map<string, number>();
  let total = 0;
  const walk = (node: Node, stack: string[], inherited: string) => {
    const layer = layerOf(node.callFrame.url) || inherited;
    const path = [...stack.slice(-2), frameName(node.callFrame)];
    if (node.selfSize) {
      total += node.selfSize;
      layers.set(layer, (layers.get(layer) ?? 0) + node.selfSize);
      const site = `[${layer}] ${path.reverse().join(' < ')}`;
      sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children ?? []) walk(child, [...stack.slice(-2), frameName(node.callFrame)], layer);
  };
  walk(head, [], 'V8 and natives');
  return { total, layers, sites };
}
