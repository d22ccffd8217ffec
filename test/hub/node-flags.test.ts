// The hub's V8 flags are added to what the process was started with; a flag the user gave by
// name, with any value, is theirs to keep.
import { expect, test } from 'vitest';
import { HUB_NODE_FLAGS, missingFlags } from '../../main/hub/node-flags.ts';

test('every hub flag is missing from a plain start, none once they were given', () => {
  expect(missingFlags([])).toEqual([...HUB_NODE_FLAGS]);
  expect(missingFlags([...HUB_NODE_FLAGS])).toEqual([]);
});

test("a user's own value for one of the flags wins, whatever its spelling", () => {
  expect(missingFlags(['--max-semi-space-size=64'], ['--max-semi-space-size=16', '--stack-size=900'])).toEqual(['--stack-size=900']);
  expect(missingFlags(['--max_semi_space_size=64'], ['--max-semi-space-size=16'])).toEqual([]);
});
