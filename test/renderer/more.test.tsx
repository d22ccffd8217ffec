// @vitest-environment jsdom
// Keyboard use, Settings, the registered devices, application search and editing, and the
// audit log's filter, on the real admin service.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { App } from '../../renderer/App.tsx';
import { Applications } from '../../renderer/screens/Applications.tsx';
import { Audit } from '../../renderer/screens/Audit.tsx';
import { Devices } from '../../renderer/screens/Devices.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';
import { Users } from '../../renderer/screens/Users.tsx';

describe('keyboard', () => {
  it('Escape closes a modal and Enter submits its form', async () => {
    const { api, run } = consoleOnStore();
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    expect(await screen.findByRole('dialog', { name: 'New user' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'New user' }));
    await user.type(await screen.findByLabelText('Username'), 'erin');
    await user.type(screen.getByLabelText(/^Password/), 'a long password{Enter}');
    await waitFor(async () => expect((await run('users.list', { limit: 10 })).items.map((u) => u.username)).toEqual(['erin']));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('the skip link moves focus to the main content', async () => {
    renderWithApi(<App />, consoleOnStore().api);
    const user = userEvent.setup();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.tab();
    expect(document.activeElement?.outerHTML.slice(0, 200)).toContain('Skip to content');
    await user.keyboard('{Enter}');
    expect(document.activeElement?.id).toBe('main-content');
  });

  it('the theme toggle switches to dark and remembers it', async () => {
    renderWithApi(<App />, consoleOnStore().api);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Switch to dark theme' }));
    await waitFor(() => expect(document.documentElement.getAttribute('data-mantine-color-scheme')).toBe('dark'));
    expect(window.localStorage.getItem('lanyard-color-scheme')).toBe('dark');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeTruthy();
  });
});

describe('settings', () => {
  it('saves only what changed and says when a restart is needed', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    const port = await screen.findByLabelText('Port');
    await user.clear(port);
    await user.type(port, '8443');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(api.callsOf('settings.update')).toEqual([{ port: 8443 }]));
    expect(await screen.findByText('Restart needed')).toBeTruthy();
  });

  it('switches the network announcement (DNS-SD) off, stored for the next start', async () => {
    const { api, run } = consoleOnStore();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    const announce = await screen.findByRole('switch', { name: /Announce the hub on the local network/ });
    expect((announce as HTMLInputElement).checked).toBe(true);
    await user.click(announce);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(api.callsOf('settings.update')).toEqual([{ mdns: false }]));
    expect(await screen.findByText('Restart needed')).toBeTruthy();
    expect(await run('settings.get', {})).toMatchObject({ mdns: false });
  });

  it('offers only assignable roles as the default for application-created users', async () => {
    const { api, run } = consoleOnStore();
    await run('roles.create', { name: 'guest', assignable: true });
    await run('roles.create', { name: 'family' });
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    await waitFor(async () => expect(api.callsOf('roles.list').length).toBeGreaterThan(0));
    await user.click(await screen.findByRole('combobox', { name: 'Role for users that applications create' }));
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['guest']));
    await user.click(screen.getByRole('option', { name: 'guest' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(api.callsOf('settings.update')).toEqual([{ defaultApplicationRole: 'guest' }]));
    expect((await run('settings.get', {})).defaultApplicationRole).toBe('guest');
  });

  it('shows a bad lifetime on its field', async () => {
    const { api, run } = consoleOnStore();
    const before = await run('settings.get', {});
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    const ttl = await screen.findByLabelText('Default access token lifetime');
    await user.clear(ttl);
    await user.type(ttl, '5');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('a lifetime is at least 60 seconds', { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    expect((await run('settings.get', {})).defaultAccessTokenTtl).toBe(before.defaultAccessTokenTtl);
  });
});

describe('devices', () => {
  it('lists only devices and services and revokes all tokens of one', async () => {
    const { api, run, seedTokens } = consoleOnStore();
    const { client: camera } = await run('clients.create', { kind: 'device', name: 'Camera' });
    await run('clients.create', { kind: 'web', name: 'Wiki', redirectUris: ['http://wiki.local/cb'] });
    await seedTokens(camera.clientId, 2);
    renderWithApi(<Devices />, api);
    const user = userEvent.setup();
    expect(await screen.findByText('Camera')).toBeTruthy();
    expect(screen.queryByText('Wiki')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Revoke all tokens of Camera' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke all tokens' }));
    await waitFor(() => expect(api.callsOf('tokens.revokeByClient')).toEqual([{ clientId: camera.clientId }]));
    expect(await run('tokens.count', {})).toEqual({ count: 0 });
  });
});

describe('applications', () => {
  it('searches by name', async () => {
    const { api, run } = consoleOnStore();
    await run('clients.create', { kind: 'service', name: 'Backup' });
    await run('clients.create', { kind: 'device', name: 'Camera' });
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    expect(await screen.findByText('Camera')).toBeTruthy();
    await user.type(screen.getByLabelText('Search applications'), 'back');
    await waitFor(() => expect(screen.queryByText('Camera')).toBeNull());
    expect(screen.getByText('Backup')).toBeTruthy();
    await user.type(screen.getByLabelText('Search applications'), 'zzz');
    expect(await screen.findByText('No application matches')).toBeTruthy();
  });

  it('edits redirect URIs and shows the contract error for a bad one', async () => {
    const { api, run } = consoleOnStore();
    const { client: wiki } = await run('clients.create', { kind: 'web', name: 'Wiki', redirectUris: ['http://wiki.local/cb'] });
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Wiki' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Wiki' });
    const uris = within(dialog).getByLabelText('Redirect URIs');
    await user.type(uris, '{enter}http://bad#frag');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('a redirect URI must be an absolute URI without a fragment', { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    await user.clear(uris);
    await user.type(uris, 'http://wiki.local/cb{enter}http://wiki.lan/cb');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(async () => expect((await run('clients.get', { clientId: wiki.clientId })).redirectUris).toEqual(['http://wiki.local/cb', 'http://wiki.lan/cb']));
  });
});

describe('audit log', () => {
  it('filters by event type', async () => {
    const { api, run } = consoleOnStore();
    await run('users.create', { username: 'bob', password: 'long enough' });
    await run('clients.create', { kind: 'device', name: 'Camera' });
    const summary = async (type: 'user.changed' | 'client.changed') => (await run('audit.list', { type, limit: 1 })).items[0]!.summary;
    const [userEvent_, clientEvent] = [await summary('user.changed'), await summary('client.changed')];
    renderWithApi(<Audit />, api);
    const user = userEvent.setup();
    expect(await screen.findByText(clientEvent)).toBeTruthy();
    await user.click(screen.getByLabelText('Event type', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'user.changed' }));
    await waitFor(() => expect(screen.queryByText(clientEvent)).toBeNull());
    expect(screen.getByText(userEvent_)).toBeTruthy();
    expect(api.callsOf('audit.list').at(-1)).toEqual({ type: 'user.changed', limit: 100 });
  });
});
