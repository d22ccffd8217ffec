// Passwords: scrypt hashes that verify and refuse, and derivations that wait their turn rather
// than all run at once (each holds 32 MiB).
import { availableParallelism } from 'node:os';
import { expect, test, vi } from 'vitest';
import { hashPassword, passwordWork, verifyPassword } from '../../../main/hub/security/passwords.ts';

vi.setConfig({ testTimeout: 60_000 });

test('a hash verifies its password and refuses another, and says how it was made', async () => {
  const hash = await hashPassword('correct horse battery');
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
  expect(await verifyPassword('anything', 'md5$not-ours')).toBe(false);
});

test('at most min(cores, 3) derivations run at once; the others wait, and all finish', async () => {
  const limit = Math.max(1, Math.min(availableParallelism(), 3));
  expect(passwordWork()).toEqual({ running: 0, waiting: 0, limit });
  const all = Promise.all(Array.from({ length: limit + 3 }, (_, i) => hashPassword(`password number ${i}`)));
  await new Promise((resolve) => setImmediate(resolve));
  expect(passwordWork()).toEqual({ running: limit, waiting: 3, limit });
  expect(new Set(await all).size).toBe(limit + 3);
  expect(passwordWork()).toEqual({ running: 0, waiting: 0, limit });
});
