// The hub's V8 flags are added to what the process was started with; a flag the user gave by
// name, with any value, is theirs to keep.
import { expect, test } from 'vitest';
import { HUB_NODE_FLAGS, hubEnvironment, missingFlags } from '../../main/hub/node-flags.ts';

test('every hub flag is missing from a plain start, none once they were given', () => {
  expect(missingFlags([])).toEqual([...HUB_NODE_FLAGS]);
  expect(missingFlags([...HUB_NODE_FLAGS])).toEqual([]);
});

test("a user's own value for one of the flags wins, whatever its spelling", () => {
  expect(missingFlags(['--max-semi-space-size=64'], ['--max-semi-space-size=16', '--stack-size=900'])).toEqual(['--stack-size=900']);
  expect(missingFlags(['--max_semi_space_size=64'], ['--max-semi-space-size=16'])).toEqual([]);
});

test("the allocator settings are added to the environment, and a user's own tunable keeps its value", () => {
  expect(hubEnvironment({ PATH: '/bin' })).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072' });
  expect(hubEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=8:glibc.malloc.tcache_count=0' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=8:glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=131072');
  const once = hubEnvironment({});
  expect(hubEnvironment(once)).toEqual(once);
});
