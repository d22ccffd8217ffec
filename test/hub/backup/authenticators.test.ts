// Authenticator-app secrets are sealed under a key derived from the master key
// (security/factor-secrets.ts), so a restore must carry them with the hub's keys: re-sealed when
// the desktop app's keychain key takes an encrypted backup's keys, and — where nothing opens the
// backup's keys — kept (two-step sign-in stays on), counted, and explained to the person signing
// in, who gets in with a recovery code. Real hubs in temp folders, a form-driven browser.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { masterKeyCustody } from '../../../main/hub/backup/key-custody.ts';
import { applyRestore, stageRestore } from '../../../main/hub/backup/restore.ts';
import type { KeySource } from '../../../main/hub/security/keyring.ts';
import { accountPost, nextCode, openAccount, recoveryCodes, shownSecret, submitCode, submitPassword } from '../../support/account.ts';
import { FormBrowser } from '../../support/browser.ts';
import { newDataDir, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';
import { authorizationRequest, CLIENT_REDIRECT, finishSignIn } from '../../support/sign-in.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PASSPHRASE = 'correct horse battery staple';
const PASSWORD = 'alice-password-1';

let app: { clientId: string; secret: string | null };
let totpSecret: string;
let recovery: string[];
let plainFile: string;
let encryptedFile: string;
const dirs: string[] = [];

/** Sets up alice's authenticator app on her account page; returns its secret and her recovery codes. */
async function enrol(t: TestHub): Promise<{ secret: string; codes: string[] }> {
  const browser = new FormBrowser(new URL(t.issuer).origin);
  const overview = await submitPassword(browser, await openAccount(browser), 'alice', PASSWORD);
  const setup = await accountPost(browser, overview, '/account/totp/setup');
  const secret = shownSecret(setup.html);
  const confirmed = await accountPost(browser, setup, '/account/totp/confirm', { code: nextCode(secret, 0) });
  expect(confirmed.status).toBe(200);
  return { secret, codes: recoveryCodes(confirmed.html) };
}

/** Signs alice in to the application with a second factor; the page the hub answers the code with. */
async function signIn(t: TestHub, code: string, method: 'totp' | 'recovery') {
  const browser = new FormBrowser(new URL(t.issuer).origin);
  const request = await authorizationRequest(t, app as { clientId: string; secret: string });
  const factorPage = await submitPassword(browser, await browser.follow(request.url), 'alice', PASSWORD);
  expect(factorPage.html).toContain('Code from your authenticator app');
  return { request, page: await submitCode(browser, factorPage, code, method) };
}

async function restoreInto(dataDir: string, file: string, keySource?: KeySource, passphrase?: string) {
  const staged = await stageRestore({ dataDir, file, passphrase, custody: masterKeyCustody(keySource) });
  await applyRestore(dataDir, masterKeyCustody(keySource));
  return staged;
}

/** Another machine: a hub that has run once in its own folder with its own master key. */
async function otherMachine(keySource?: KeySource): Promise<string> {
  const dataDir = newDataDir('other-machine');
  dirs.push(dataDir);
  await (await startHub(keySource ? { keySource } : {}, dataDir)).stop();
  return dataDir;
}

beforeAll(async () => {
  const source = await startHub();
  dirs.push(source.dataDir);
  await source.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  app = await source.addClient({ name: 'Garden planner', kind: 'web', grants: ['authorization_code'], redirectUris: [CLIENT_REDIRECT], scopes: ['lights:read'], firstParty: true });
  await source.addUser('alice', PASSWORD, ['resident']);
  ({ secret: totpSecret, codes: recovery } = await enrol(source));
  expect(recovery.length).toBeGreaterThan(1);
  const plain = await source.run('backups.create', {});
  const encrypted = await source.run('backups.create', { passphrase: PASSPHRASE });
  plainFile = join(source.dataDir, 'backups', plain.backup.name);
  encryptedFile = join(source.dataDir, 'backups', encrypted.backup.name);
  await source.stop();
});
afterAll(() => dirs.forEach(removeDataDir));

describe('authenticator apps across a restore', () => {
  it("follow an encrypted backup's keys into the desktop app's keychain key: codes still verify", async () => {
    const keySource: KeySource = { kind: 'supplied', key: randomBytes(32).toString('base64url') };
    const dataDir = await otherMachine(keySource);
    const staged = await restoreInto(dataDir, encryptedFile, keySource, PASSPHRASE);
    expect(staged).toMatchObject({ keys: 'carried', unreadableAuthenticators: 0 });
    const restored = await startHub({ keySource }, dataDir);
    try {
      const { request, page } = await signIn(restored, nextCode(totpSecret, 1), 'totp');
      expect((await finishSignIn(restored, request, page)).claims?.amr).toEqual(['pwd', 'otp']);
    } finally {
      await restored.stop();
    }
  });

  it('with fresh keys stay required: the restore counts them, a code is refused with what to do, a recovery code signs in', async () => {
    const dataDir = await otherMachine();
    const staged = await restoreInto(dataDir, plainFile);
    expect(staged).toMatchObject({ keys: 'new', unreadableAuthenticators: 1 });
    const restored = await startHub({}, dataDir);
    try {
      const refused = await signIn(restored, nextCode(totpSecret, 1), 'totp');
      expect(refused.page.status).toBe(400);
      expect(refused.page.html).toContain('restored from a backup with new keys');
      const events = await restored.run('audit.list', { type: 'login.failed' });
      expect(events.items[0]?.summary).toContain("this hub's keys cannot open");

      const { request, page } = await signIn(restored, recovery[0]!, 'recovery');
      expect((await finishSignIn(restored, request, page)).claims?.sub).toBeDefined();
    } finally {
      await restored.stop();
    }
  });
});
