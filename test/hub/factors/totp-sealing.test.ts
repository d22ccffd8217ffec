// Authenticator-app secrets are sealed under the hub's master key (security/factor-secrets.ts):
// the SQLite file holds no base32 secret, rows from before sealing are sealed when the hub
// starts, and codes still verify after a restart. A real hub, its file read as a thief would.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factorSecrets } from '../../../main/hub/security/factor-secrets.ts';
import { MasterKey } from '../../../main/hub/security/keyring.ts';
import { newTotpSecret } from '../../../main/hub/security/totp.ts';
import { DB_FILE } from '../../../main/hub/store/db.ts';
import { accountPost, nextCode, openAccount, shownSecret, submitCode, submitPassword } from '../../support/account.ts';
import { FormBrowser } from '../../support/browser.ts';
import { startHub, type TestHub } from '../../support/hub.ts';
import { addFirstPartyApp, finishSignIn, submitSignIn } from '../../support/sign-in.ts';

let t: TestHub;
let app: { clientId: string; secret: string | null };
const origin = () => new URL(t.issuer).origin;

/** Every byte of the database as a copy would hold it: the file and its write-ahead log. */
function databaseBytes(dataDir: string): string {
  return [DB_FILE, `${DB_FILE}-wal`].map((name) => join(dataDir, name)).filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
}

const storedSecret = (username: string) =>
  t.withDatabase((db) => db.prepare('SELECT f.secret FROM totp_factors f JOIN users u ON u.id = f.user_id WHERE u.username = ?').pluck().get(username) as string);

async function enrol(username: string, password: string): Promise<string> {
  await t.addUser(username, password, ['resident']);
  const browser = new FormBrowser(origin());
  const overview = await submitPassword(browser, await openAccount(browser), username, password);
  const setup = await accountPost(browser, overview, '/account/totp/setup');
  const secret = shownSecret(setup.html);
  expect((await accountPost(browser, setup, '/account/totp/confirm', { code: nextCode(secret, 0) })).status).toBe(200);
  return secret;
}

async function signInWithCode(username: string, password: string, code: string) {
  const { browser, request, page } = await submitSignIn(t, app, username, password);
  expect(page.html).toContain('Code from your authenticator app');
  return finishSignIn(t, request, await submitCode(browser, page, code));
}

beforeAll(async () => {
  t = await startHub();
  app = await addFirstPartyApp(t);
});
afterAll(() => t.cleanup());

describe('authenticator-app secrets in the database', () => {
  it('are sealed, rows from before sealing are sealed at start, and codes verify after a restart', async () => {
    const aliceSecret = await enrol('alice', 'alice-password-1');
    expect(storedSecret('alice')).toMatch(/^sealed:v1:/);
    expect(storedSecret('alice')).not.toContain(aliceSecret);

    // bob enrolled before secrets were sealed: his row holds the secret behind the old marker.
    const bob = await t.addUser('bob', 'bob-password-12', ['resident']);
    const bobSecret = newTotpSecret();
    t.withDatabase((db) => db.prepare('INSERT INTO totp_factors (user_id, secret, created_at, confirmed_at) VALUES (?, ?, 0, 0)').run(bob.id, `plain:${bobSecret}`));
    expect(databaseBytes(t.dataDir)).toContain(bobSecret);

    t = await t.restart();
    expect(storedSecret('bob')).toMatch(/^sealed:v1:/);
    const copy = databaseBytes(t.dataDir);
    expect(copy).not.toContain(aliceSecret);
    expect(copy).not.toContain(bobSecret); // overwritten in place, not left in a free page or the log

    expect((await signInWithCode('alice', 'alice-password-1', nextCode(aliceSecret, 1))).claims?.amr).toEqual(['pwd', 'otp']);
    expect((await signInWithCode('bob', 'bob-password-12', nextCode(bobSecret, 1))).claims?.amr).toEqual(['pwd', 'otp']);
  });

  it('open only under the master key that sealed them, and only for the user they were sealed for', () => {
    const secret = newTotpSecret();
    const key = new MasterKey(randomBytes(32), 'test');
    const sealed = factorSecrets(key).seal(secret, 'usr_a');
    expect(factorSecrets(key).open(sealed, 'usr_a')).toBe(secret);
    expect(factorSecrets(key).open(sealed, 'usr_b')).toBeUndefined(); // a row copied to another user
    expect(factorSecrets(new MasterKey(randomBytes(32), 'other')).open(sealed, 'usr_a')).toBeUndefined(); // a database without its key
  });
});
