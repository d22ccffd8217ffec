// The encrypted backup file: the database plus named extra entries (the key that opens the hub's
// keys), sealed with a passphrase. AES-256-GCM (authenticated: any change to the file is
// detected) under a key from scrypt (slow and memory-hard, so guessing passphrases is costly).
//
// Format, version 1 (all integers big-endian):
//
//   offset  size  field
//   0       8     magic "LYBACKUP"
//   8       1     format version: 1
//   9       4     header length H (at most 64 KiB)
//   13      H     header: UTF-8 JSON
//                   { "kdf": { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": <16 bytes, base64> },
//                     "cipher": "aes-256-gcm", "nonce": <12 bytes, base64>,
//                     "check": <16 bytes, base64>,
//                     "entries": [ { "name": "lanyard.db", "size": <bytes> }, … ],
//                     "createdAt": <ISO-8601>, "lanyardVersion": <string> }
//   13+H    …     ciphertext: the entries' bytes, one after another, in the header's order
//   end-16  16    GCM authentication tag
//
// scrypt's 64-byte output is split: the first 32 bytes are the AES key, the last 32 an HMAC
// key; `check` is HMAC-SHA-256(hmac key, "lanyard backup passphrase check") cut to 16 bytes, so
// a wrong passphrase is reported before anything is decrypted. Bytes 0 … 13+H are the GCM
// additional authenticated data: the header cannot be changed either. Nothing decrypted is used
// before the tag has been verified.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { forEachChunk } from './files.ts';

const MAGIC = Buffer.from('LYBACKUP', 'latin1');
const FORMAT_VERSION = 1;
const PREFIX = MAGIC.length + 1 + 4;
const MAX_HEADER = 64 * 1024;
const TAG_LENGTH = 16;
/** OWASP's strongest listed scrypt setting: 128 MiB and about a second per guess here. */
const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
const CHECK_LABEL = 'lanyard backup passphrase check';
/** Passphrases shorter than this are refused: the file holds signing keys and password hashes. */
export const MIN_PASSPHRASE = 12;

/** An entry's name: flat, so writing entries out can never leave the folder they go to. */
const EntryName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'an entry name is 1–64 lowercase letters, digits, . _ -');
export type Entry = { name: string } & ({ file: string } | { data: Buffer });

const Header = z.object({
  kdf: z.object({
    name: z.literal('scrypt'),
    // Bounded so a crafted file cannot make the hub allocate gigabytes.
    N: z.int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.int().min(1).max(16),
    p: z.int().min(1).max(4),
    salt: z.base64(),
  }),
  cipher: z.literal('aes-256-gcm'),
  nonce: z.base64(),
  check: z.base64(),
  entries: z.array(z.object({ name: EntryName, size: z.int().min(0) })).min(1).max(16),
  createdAt: z.string(),
  lanyardVersion: z.string(),
});
type Header = z.infer<typeof Header>;

export class ContainerError extends Error {
  override name = 'ContainerError';
}

function deriveKeys(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<{ aes: Buffer; hmac: Buffer }> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 64, options, (error, key) => (error ? reject(error) : resolve({ aes: key.subarray(0, 32), hmac: key.subarray(32) })));
  });
}

const passphraseCheck = (hmacKey: Buffer) => createHmac('sha256', hmacKey).update(CHECK_LABEL).digest().subarray(0, 16);

async function sizeOf(entry: Entry): Promise<number> {
  return 'data' in entry ? entry.data.length : (await stat(entry.file)).size;
}

/** Writes `entries` to `out` (which must not exist), encrypted under `passphrase`. */
export async function seal(out: string, entries: Entry[], passphrase: string, about: { lanyardVersion: string }): Promise<void> {
  if (passphrase.length < MIN_PASSPHRASE) throw new ContainerError(`A backup passphrase needs at least ${MIN_PASSPHRASE} characters.`);
  for (const entry of entries) EntryName.parse(entry.name);
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const keys = await deriveKeys(passphrase, salt, KDF);
  const header: Header = {
    kdf: { ...KDF, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
    check: passphraseCheck(keys.hmac).toString('base64'),
    entries: await Promise.all(entries.map(async (entry) => ({ name: entry.name, size: await sizeOf(entry) }))),
    createdAt: new Date().toISOString(),
    lanyardVersion: about.lanyardVersion,
  };
  const prefix = encodePrefix(header);
  const cipher = createCipheriv('aes-256-gcm', keys.aes, nonce);
  cipher.setAAD(prefix);
  const handle = await open(out, 'wx', 0o600);
  try {
    await handle.write(prefix);
    for (const entry of entries) {
      if ('data' in entry) await handle.write(cipher.update(entry.data));
      else await forEachChunk(entry.file, async (chunk) => void (await handle.write(cipher.update(chunk))));
    }
    await handle.write(cipher.final());
    await handle.write(cipher.getAuthTag());
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function encodePrefix(header: Header): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(PREFIX);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt8(FORMAT_VERSION, MAGIC.length);
  fixed.writeUInt32BE(json.length, MAGIC.length + 1);
  return Buffer.concat([fixed, json]);
}

/** Whether the file starts with the container's magic bytes. */
export async function isContainer(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/** Reads and checks the header; throws ContainerError for anything that is not a version-1 container. */
async function readHeader(file: string): Promise<{ header: Header; prefix: Buffer; size: number }> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const fixed = Buffer.alloc(PREFIX);
    if ((await handle.read(fixed, 0, PREFIX, 0)).bytesRead < PREFIX || !fixed.subarray(0, MAGIC.length).equals(MAGIC)) throw new ContainerError('it is not an encrypted Lanyard backup');
    const version = fixed.readUInt8(MAGIC.length);
    if (version !== FORMAT_VERSION) throw new ContainerError(`it is an encrypted backup of format ${version}, which this Lanyard cannot read: upgrade Lanyard first`);
    const length = fixed.readUInt32BE(MAGIC.length + 1);
    if (length > MAX_HEADER || PREFIX + length + TAG_LENGTH > size) throw new ContainerError('it is truncated or damaged (its header does not fit the file)');
    const json = Buffer.alloc(length);
    await handle.read(json, 0, length, PREFIX);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch {
      throw new ContainerError('it is damaged (its header is not readable)');
    }
    const header = Header.safeParse(parsed);
    if (!header.success) throw new ContainerError(`it is damaged (its header: ${header.error.issues[0]?.message ?? 'invalid'})`);
    const payload = header.data.entries.reduce((sum, entry) => sum + entry.size, 0);
    if (PREFIX + length + payload + TAG_LENGTH !== size) throw new ContainerError('it is truncated or damaged (its size does not match its header)');
    return { header: header.data, prefix: Buffer.concat([fixed, json]), size };
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts the container into `dir` (one file per entry, named as the entry) and returns the
 * entries' names. Throws ContainerError for a wrong passphrase or any change to the file; the
 * files written are then incomplete or unauthenticated and the caller must discard `dir`.
 */
export async function unseal(file: string, passphrase: string, dir: string): Promise<string[]> {
  const { header, prefix, size } = await readHeader(file);
  const keys = await deriveKeys(passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf);
  const expected = Buffer.from(header.check, 'base64');
  const actual = passphraseCheck(keys.hmac);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new ContainerError('the passphrase is wrong');
  const decipher = createDecipheriv('aes-256-gcm', keys.aes, Buffer.from(header.nonce, 'base64'));
  decipher.setAAD(prefix);
  const tag = Buffer.alloc(TAG_LENGTH);
  const source = await open(file, 'r');
  try {
    await source.read(tag, 0, TAG_LENGTH, size - TAG_LENGTH);
  } finally {
    await source.close();
  }
  decipher.setAuthTag(tag);
  const writer = new EntryWriter(dir, header.entries);
  try {
    await forEachChunk(file, (chunk) => writer.write(decipher.update(chunk)), { start: prefix.length, end: size - TAG_LENGTH });
    try {
      await writer.write(decipher.final());
    } catch {
      throw new ContainerError('it was changed or damaged after it was written (its authentication failed)');
    }
  } finally {
    await writer.close();
  }
  return header.entries.map((entry) => entry.name);
}

/** Splits the decrypted stream into one file per entry, by the sizes in the header. */
class EntryWriter {
  #dir: string;
  #entries: { name: string; size: number }[];
  #index = 0;
  #left: number;
  #handle: FileHandle | undefined;
  constructor(dir: string, entries: { name: string; size: number }[]) {
    this.#dir = dir;
    this.#entries = entries;
    this.#left = entries[0]!.size;
  }

  async write(bytes: Buffer): Promise<void> {
    let rest = bytes;
    for (;;) {
      while (this.#left === 0 && this.#index < this.#entries.length) await this.#next();
      if (rest.length === 0) return;
      if (this.#index >= this.#entries.length) throw new ContainerError('it is damaged (more data than its header lists)');
      this.#handle ??= await open(join(this.#dir, this.#entries[this.#index]!.name), 'wx', 0o600);
      const part = rest.subarray(0, this.#left);
      await this.#handle.write(part);
      this.#left -= part.length;
      rest = rest.subarray(part.length);
    }
  }

  async #next(): Promise<void> {
    this.#handle ??= await open(join(this.#dir, this.#entries[this.#index]!.name), 'wx', 0o600); // an empty entry is still a file
    await this.#handle.close();
    this.#handle = undefined;
    this.#index += 1;
    this.#left = this.#entries[this.#index]?.size ?? 0;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
