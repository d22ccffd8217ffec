// bench/lib/layers.ts: a CPU profile's samples go to the layer of the function they were taken
// in; natives without a script are named by what they are or counted with their caller.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { layersOf } from '../../bench/lib/layers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' }, children });

test('samples are split into oidc-provider, our code, SQLite, JSON, GC and idle', () => {
  const nodes = [
    frame(1, '(root)', '', [2, 6, 7, 8]),
    frame(2, 'tokenHandler', 'file:///x/node_modules/oidc-provider/lib/actions/token.js', [3]),
    frame(3, 'find', 'file:///x/main/hub/store/oidc-adapter.ts', [4, 5]),
    frame(4, '', ''), // better-sqlite3's statement.get, a native without a name
    frame(5, 'parse', ''), // JSON.parse
    frame(6, '(garbage collector)', ''),
    frame(7, '(idle)', ''),
    frame(8, 'dispatch', 'file:///x/node_modules/koa-compose/index.js'),
  ];
  // Self time in µs per node id: two samples of 100 µs each where listed twice.
  const samples = [2, 3, 4, 4, 5, 6, 7, 8];
  const file = join(dir, 'p.cpuprofile');
  writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 100), startTime: 0, endTime: 800 }));
  const { layers, totalMs } = layersOf(file);
  expect(totalMs).toBeCloseTo(0.8);
  expect(layers['oidc-provider']).toBeCloseTo(0.1);
  expect(layers['our store (JS)']).toBeCloseTo(0.1);
  expect(layers['SQLite (native)']).toBeCloseTo(0.2);
  expect(layers.JSON).toBeCloseTo(0.1);
  expect(layers.GC).toBeCloseTo(0.1);
  expect(layers.idle).toBeCloseTo(0.1);
  expect(layers['Koa & HTTP libs']).toBeCloseTo(0.1);
});
