// @vitest-environment jsdom
// The console's parts of issue 12 on the real admin service: users' second factors and their
// reset, personal access tokens for a user (shown once), the password-grant exception with its
// warning, and the second-factor roles setting.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { newTotpSecret } from '../../main/hub/security/totp.ts';
import { randomBytes } from 'node:crypto';
import { factorSecrets } from '../../main/hub/security/factor-secrets.ts';
import { MasterKey } from '../../main/hub/security/keyring.ts';
import { consoleOnHub, consoleOnStore, type ConsoleBackend } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Users } from '../../renderer/screens/Users.tsx';
import { Applications } from '../../renderer/screens/Applications.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';

/** The text input of a Mantine (Multi)Select: its listbox carries the same label. */
const field = (scope: { getAllByLabelText(label: RegExp): HTMLElement[] }, label: RegExp) => scope.getAllByLabelText(label).find((element) => element.tagName === 'INPUT')!;

/** alice (an authenticator app and two passkeys) and bob (password only), both residents. */
async function withUsers<T extends ConsoleBackend>(backend: T): Promise<T & { aliceId: string; bobId: string }> {
  const { run, store } = backend;
  for (const name of ['lights:read', 'lights:write']) await run('scopes.upsert', { name });
  await run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  const alice = await run('users.create', { username: 'alice', password: 'long enough', roles: ['resident'] });
  const bob = await run('users.create', { username: 'bob', password: 'long enough', roles: ['resident'] });
  // Written through the hub's factor repository, as enrolment on the account page leaves them
  // (the account-page tests drive enrolment itself).
  // Only the row's presence matters here, so any master key will do.
  store.factors.startTotp(alice.id, factorSecrets(new MasterKey(randomBytes(32), 'test')).seal(newTotpSecret(), alice.id));
  store.factors.confirmTotp(alice.id);
  for (const n of [1, 2]) store.factors.addPasskey({ credentialId: `cred-${n}`, userId: alice.id, name: `key ${n}`, publicKey: new Uint8Array(65), counter: 0, transports: ['usb'], rpId: 'localhost' });
  return { ...backend, aliceId: alice.id, bobId: bob.id };
}

describe('users and their second factors', () => {
  it('shows who has which factor, and resets them after a confirmation', async () => {
    const { api, run, aliceId } = await withUsers(consoleOnStore());
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    const row = (await screen.findByText('alice')).closest('tr')!;
    expect(within(row).getByText('authenticator app')).toBeTruthy();
    expect(within(row).getByText('2 passkeys')).toBeTruthy();
    expect(within(screen.getByText('bob').closest('tr')!).getByText('password only')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Actions for alice' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Reset second factors…' }));
    await user.click(await screen.findByRole('button', { name: 'Remove second factors' }));
    await waitFor(() => expect(api.callsOf('users.resetSecondFactors')).toEqual([{ id: aliceId }]));
    await waitFor(() => expect(within(screen.getByText('alice').closest('tr')!).getByText('password only')).toBeTruthy());
    expect((await run('users.list', { query: 'alice', limit: 10 })).items.find((u) => u.id === aliceId)!.secondFactors).toEqual({ totp: false, passkeys: 0 });
  });

  it('creates a personal access token for a user with their scopes, shows it once, and lists it by name', async () => {
    // Minting needs oidc-provider, which only a running hub has.
    const { api, run, bobId } = await withUsers(await consoleOnHub());
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Personal access tokens…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Personal access tokens of bob' });
    expect(within(dialog).getByText('bob has no personal access tokens.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText(/^Name/), 'backup script');
    await user.click(field(within(dialog), /^Permissions/));
    await user.click(await screen.findByRole('option', { name: 'lights:read' }));
    await user.click(field(within(dialog), /^Expires/));
    await user.click(await screen.findByRole('option', { name: 'Never' }));
    expect(within(dialog).getByText(/never expires works until someone revokes it/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));
    const shown = (await within(dialog).findByTestId('personal-token')).textContent;
    expect(shown).toBe(api.lastValue('personalTokens.create').token);
    expect(api.callsOf('personalTokens.create')).toEqual([{ userId: bobId, name: 'backup script', scopes: ['lights:read'], expiresIn: null }]);
    expect((await run('personalTokens.list', { userId: bobId })).map((t) => [t.name, t.scope, t.expiresAt])).toEqual([['backup script', 'lights:read', null]]);
    await user.click(within(dialog).getByRole('button', { name: 'I have copied it' }));
    expect(await within(dialog).findByText('backup script')).toBeTruthy();
    expect(within(dialog).queryByTestId('personal-token')).toBeNull();
  });
});

describe('the password grant with second factors', () => {
  it('is off by default for a password application, and warns when turned on', async () => {
    const { api, run } = consoleOnStore();
    const { client } = await run('clients.create', { kind: 'first_party', name: 'Smartenit app', grants: ['password'] });
    expect(client.passwordWithSecondFactor).toBe(false);
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Actions for Smartenit app/ }));
    await user.click(await screen.findByRole('menuitem', { name: /Edit/ }));
    const toggle = await screen.findByRole('switch', { name: /Allow the password grant for users with a second factor/ });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    await user.click(toggle);
    expect(await screen.findByText('The password alone is then enough')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.callsOf('clients.update').at(-1)).toMatchObject({ passwordWithSecondFactor: true }));
    await waitFor(async () => expect((await run('clients.get', { clientId: client.clientId })).passwordWithSecondFactor).toBe(true));
  });
});

describe('settings', () => {
  it('chooses the roles that require a second factor, admin by default', async () => {
    const { api, run } = await withUsers(consoleOnStore());
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    expect(await screen.findByText(/For the admin role this applies once any admin has set up a second factor/)).toBeTruthy();
    await user.click(field(screen, /Roles that must sign in with a second factor/));
    await user.click(await screen.findByRole('option', { name: 'resident' }));
    await user.click(screen.getByRole('button', { name: 'Save second-factor roles' }));
    await waitFor(() => expect(api.callsOf('settings.update').at(-1)).toEqual({ secondFactorRoles: ['admin', 'resident'] }));
    expect((await run('settings.get', {})).secondFactorRoles).toEqual(['admin', 'resident']);
  });
});
