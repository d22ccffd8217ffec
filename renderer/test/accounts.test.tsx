// @vitest-environment jsdom
// The console's parts of issue 12: users' second factors and their reset, personal access tokens
// for a user (shown once), the password-grant exception with its warning, and the setting.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Users } from '../screens/Users.tsx';
import { Applications } from '../screens/Applications.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';

/** The text input of a Mantine (Multi)Select: its listbox carries the same label. */
const field = (scope: { getAllByLabelText(label: RegExp): HTMLElement[] }, label: RegExp) => scope.getAllByLabelText(label).find((element) => element.tagName === 'INPUT')!;

async function withUsers() {
  const api = new FakeAdmin();
  for (const name of ['lights:read', 'lights:write']) await api.call('scopes.upsert', { name });
  await api.call('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  const alice = await api.call('users.create', { username: 'alice', password: 'long enough', roles: ['resident'] });
  await api.call('users.create', { username: 'bob', password: 'long enough', roles: ['resident'] });
  if (!alice.ok) throw new Error('no alice');
  api.users.find((u) => u.username === 'alice')!.secondFactors = { totp: true, passkeys: 2 };
  return api;
}

describe('users and their second factors', () => {
  it('shows who has which factor, and resets them after a confirmation', async () => {
    const api = await withUsers();
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    const row = (await screen.findByText('alice')).closest('tr')!;
    expect(within(row).getByText('authenticator app')).toBeTruthy();
    expect(within(row).getByText('2 passkeys')).toBeTruthy();
    expect(within(screen.getByText('bob').closest('tr')!).getByText('password only')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Actions for alice' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Reset second factors…' }));
    await user.click(await screen.findByRole('button', { name: 'Remove second factors' }));
    await waitFor(() => expect(api.callsOf('users.resetSecondFactors')).toEqual([{ id: api.users.find((u) => u.username === 'alice')!.id }]));
    await waitFor(() => expect(within(screen.getByText('alice').closest('tr')!).getByText('password only')).toBeTruthy());
  });

  it('creates a personal access token for a user with their scopes, shows it once, and lists it by name', async () => {
    const api = await withUsers();
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
    expect((await within(dialog).findByTestId('personal-token')).textContent).toMatch(/^pat_/);
    expect(api.callsOf('personalTokens.create')).toEqual([{ userId: api.users.find((u) => u.username === 'bob')!.id, name: 'backup script', scopes: ['lights:read'], expiresIn: null }]);
    await user.click(within(dialog).getByRole('button', { name: 'I have copied it' }));
    expect(await within(dialog).findByText('backup script')).toBeTruthy();
    expect(within(dialog).queryByTestId('personal-token')).toBeNull();
  });
});

describe('the password grant with second factors', () => {
  it('is off by default for a password application, and warns when turned on', async () => {
    const api = new FakeAdmin();
    await api.call('clients.create', { kind: 'first_party', name: 'Smartenit app', grants: ['password'] });
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
  });
});

describe('settings', () => {
  it('chooses the roles that require a second factor, admin by default', async () => {
    const api = await withUsers();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    expect(await screen.findByText(/For the admin role this applies once any admin has set up a second factor/)).toBeTruthy();
    await user.click(field(screen, /Roles that must sign in with a second factor/));
    await user.click(await screen.findByRole('option', { name: 'resident' }));
    await user.click(screen.getByRole('button', { name: 'Save second-factor roles' }));
    await waitFor(() => expect(api.callsOf('settings.update').at(-1)).toEqual({ secondFactorRoles: ['admin', 'resident'] }));
  });
});
