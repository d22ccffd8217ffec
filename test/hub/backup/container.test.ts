// Encrypted backup containers and the chunked reading under them, on real files larger than one
// read (a MiB): what is sealed comes back byte for byte, a changed byte anywhere fails the
// authentication, and hashes and ranges cover every byte once.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerError, isContainer, seal, unseal } from '../../../main/hub/backup/container.ts';
import { forEachChunk, sha256File } from '../../../main/hub/backup/files.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

const dir = newDataDir('container');
afterAll(() => removeDataDir(dir));

const MiB = 1024 * 1024;
const bytes = randomBytes(2 * MiB + 12_345); // three reads, the last one short
const file = join(dir, 'database.bin');
writeFileSync(file, bytes);
const PASSPHRASE = 'correct horse battery';

async function collect(range?: { start?: number; end?: number }): Promise<{ data: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  await forEachChunk(file, (chunk) => void parts.push(Buffer.from(chunk)), range);
  return { data: Buffer.concat(parts), chunks: parts.length };
}

describe('forEachChunk and sha256File', () => {
  it('hand over every byte once, a MiB at a time, and hash the same as one pass over the file', async () => {
    expect(await collect()).toEqual({ data: bytes, chunks: 3 });
    expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('read only the range asked for, its end excluded', async () => {
    const start = MiB - 7;
    const end = 2 * MiB + 100;
    expect((await collect({ start, end })).data).toEqual(bytes.subarray(start, end));
    expect((await collect({ start: bytes.length })).data).toHaveLength(0);
  });
});

describe('an encrypted container', () => {
  const sealed = join(dir, 'backup.db.enc');

  it('gives back its entries byte for byte', async () => {
    await seal(sealed, [{ name: 'lanyard.db', file }, { name: 'master.key', data: Buffer.from('key material') }], PASSPHRASE, { lanyardVersion: 'test' });
    expect(await isContainer(sealed)).toBe(true);
    expect(readFileSync(sealed).includes(bytes.subarray(MiB, MiB + 64))).toBe(false); // encrypted
    const out = join(dir, 'out');
    mkdirSync(out);
    expect(await unseal(sealed, PASSPHRASE, out)).toEqual(['lanyard.db', 'master.key']);
    expect(readFileSync(join(out, 'lanyard.db')).equals(bytes)).toBe(true);
    expect(readFileSync(join(out, 'master.key'), 'utf8')).toBe('key material');
  });

  it('refuses a wrong passphrase, and a byte changed in its second MiB', async () => {
    await expect(unseal(sealed, 'not the passphrase', join(dir, 'wrong'))).rejects.toThrow(/passphrase is wrong/);
    const handle = await open(sealed, 'r+');
    const at = Buffer.alloc(1);
    await handle.read(at, 0, 1, MiB + 500);
    await handle.write(Buffer.from([at[0]! ^ 0x01]), 0, 1, MiB + 500);
    await handle.close();
    const out = join(dir, 'tampered');
    mkdirSync(out);
    await expect(unseal(sealed, PASSPHRASE, out)).rejects.toThrow(ContainerError);
  });
});
