// @vitest-environment jsdom
// The Roles matrix and the Users screen on the real admin service: what they send, and the
// hub's refusals shown in its own words.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Roles } from '../../renderer/screens/Roles.tsx';
import { Users } from '../../renderer/screens/Users.tsx';

describe('roles matrix', () => {
  it('grants and withdraws a scope with roles.update', async () => {
    const { api, run } = consoleOnStore();
    for (const name of ['media:play', 'profile']) await run('scopes.upsert', { name });
    await run('roles.create', { name: 'family', scopes: ['profile'] });
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    const box = await screen.findByRole('checkbox', { name: 'family grants media:play' });
    expect((box as HTMLInputElement).checked).toBe(false);
    await user.click(box);
    await waitFor(() => expect(api.callsOf('roles.update')).toEqual([{ name: 'family', scopes: ['profile', 'media:play'] }]));
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'family grants media:play' }) as HTMLInputElement).checked).toBe(true));
    await user.click(screen.getByRole('checkbox', { name: 'family grants profile' }));
    await waitFor(() => expect(api.callsOf('roles.update').at(-1)).toEqual({ name: 'family', scopes: ['media:play'] }));
    expect((await run('roles.list', {})).find((r) => r.name === 'family')!.scopes).toEqual(['media:play']);
  });

  it("shows the hub's refusal and puts the box back", async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    const box = await screen.findByRole('checkbox', { name: 'admin grants lanyard:admin' });
    await user.click(box);
    await waitFor(() => expect(api.calls.at(-1)).toMatchObject({ operation: 'roles.update', result: { ok: false } }));
    expect(await screen.findByText(/lanyard:admin/, { selector: '[role=alert] *' })).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'admin grants lanyard:admin' }) as HTMLInputElement).checked).toBe(true));
  });

  it('marks a role assignable by applications; a role that opens the console never is', async () => {
    const { api, run } = consoleOnStore();
    await run('roles.create', { name: 'guest' });
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    const admin = (await screen.findByRole('checkbox', { name: 'Applications can never give admin: it opens the console' })) as HTMLInputElement;
    expect([admin.checked, admin.disabled]).toEqual([false, true]);
    const guest = (await screen.findByRole('checkbox', { name: 'Applications may give guest' })) as HTMLInputElement;
    expect(guest.checked).toBe(false);
    await user.click(guest);
    await waitFor(() => expect(api.callsOf('roles.update')).toEqual([{ name: 'guest', assignable: true }]));
    await waitFor(async () => expect((await run('roles.list', {})).find((r) => r.name === 'guest')!.assignable).toBe(true));
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Applications may give guest' }) as HTMLInputElement).checked).toBe(true));
  });

  it('shows why a role held by users cannot be deleted', async () => {
    const { api, run } = consoleOnStore();
    await run('roles.create', { name: 'family' });
    await run('users.create', { username: 'bob', password: 'long enough', roles: ['family'] });
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for role family' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete role…' }));
    await user.click(await screen.findByRole('button', { name: 'Delete role' }));
    expect(await screen.findByText(/held by 1 user/, { selector: '[role=alert] *' })).toBeTruthy();
    expect((await run('roles.list', {})).map((r) => r.name)).toContain('family');
  });

  it('adds a scope and shows a bad name on the field', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New scope' }));
    await user.type(screen.getByLabelText(/^Scope/), 'bad scope!');
    await user.click(screen.getByRole('button', { name: 'Add scope' }));
    expect(await screen.findByText(/a scope is 1–64 letters/, { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    await user.clear(screen.getByLabelText(/^Scope/));
    await user.type(screen.getByLabelText(/^Scope/), 'sensors:read');
    await user.click(screen.getByRole('button', { name: 'Add scope' }));
    expect(await screen.findByRole('checkbox', { name: 'admin grants sensors:read' })).toBeTruthy();
  });
});

describe('users', () => {
  it('shows per-field errors from the contract when creating a user', async () => {
    const { api, run } = consoleOnStore();
    const usernames = async () => (await run('users.list', { limit: 100 })).items.map((u) => u.username);
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create a user' }));
    await user.type(screen.getByLabelText('Username'), 'carol');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('a password needs at least 8 characters', { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    expect(await usernames()).toEqual([]);
    await user.type(screen.getByLabelText(/^Password/), ' and longer');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    await waitFor(async () => expect(await usernames()).toEqual(['carol']));
    expect(await screen.findByText('carol')).toBeTruthy();
  });

  it('assigns roles and disables a user', async () => {
    const { api, run } = consoleOnStore();
    await run('roles.create', { name: 'family' });
    const bob = await run('users.create', { username: 'bob', password: 'long enough' });
    const stored = async () => (await run('users.list', { limit: 100 })).items.find((u) => u.id === bob.id)!;
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roles…' }));
    await user.click(await screen.findByRole('checkbox', { name: /family/ }));
    await user.click(screen.getByRole('button', { name: 'Save roles' }));
    await waitFor(async () => expect((await stored()).roles).toEqual(['family']));
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Disable' }));
    await waitFor(async () => expect((await stored()).disabled).toBe(true));
  });

  it('gives a role until a time, shows it on the role chip, and keeps that end when other roles change', async () => {
    const { api, run } = consoleOnStore();
    await run('roles.create', { name: 'weekend', scopes: [] });
    await run('roles.create', { name: 'family', scopes: [] });
    const dana = await run('users.create', { username: 'dana', password: 'long enough' });
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for dana' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roles…' }));
    await user.click(await screen.findByRole('checkbox', { name: /weekend/ }));
    await user.click(await screen.findByRole('combobox', { name: 'When weekend ends' }));
    await user.click(await screen.findByRole('option', { name: 'In 24 hours' }));
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: 'Save roles' }));
    await waitFor(() => expect(api.callsOf('users.update')).toHaveLength(1));
    const sent = api.callsOf('users.update')[0] as { roles: string[]; roleExpiries: Record<string, string> };
    expect(sent.roles).toEqual(['weekend']);
    expect(Date.parse(sent.roleExpiries.weekend!)).toBeGreaterThanOrEqual(before + 86_400_000 - 60_000);
    const stored = (await run('users.list', {})).items.find((u) => u.id === dana.id)!;
    expect(Object.keys(stored.roleExpiries!)).toEqual(['weekend']);
    expect(await screen.findByText(/^weekend until /)).toBeTruthy();

    // Another role added later: the weekend role's end is shown unchanged and not sent again.
    await user.click(await screen.findByRole('button', { name: 'Actions for dana' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roles…' }));
    expect(((await screen.findByRole('combobox', { name: 'When weekend ends' })) as HTMLInputElement).value).toMatch(/^Unchanged: /);
    await user.click(await screen.findByRole('checkbox', { name: /family/ }));
    await user.click(screen.getByRole('button', { name: 'Save roles' }));
    await waitFor(() => expect(api.callsOf('users.update')).toHaveLength(2));
    expect(api.callsOf('users.update')[1]).toEqual({ id: dana.id, roles: ['weekend', 'family'] });
    expect((await run('users.list', {})).items.find((u) => u.id === dana.id)!.roleExpiries).toEqual(stored.roleExpiries);
  });

  it("forgets a user's failed sign-ins with users.unlock, and says so", async () => {
    const { api, run } = consoleOnStore();
    const carol = await run('users.create', { username: 'carol', password: 'long enough' });
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for carol' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Forget failed sign-ins' }));
    expect(await screen.findByText('carol may sign in again from everywhere.')).toBeTruthy();
    expect(api.callsOf('users.unlock')).toEqual([{ id: carol.id }]);
    const audit = await run('audit.list', { type: 'user.unlocked', limit: 10 });
    expect(audit.items.map((e) => e.subject)).toEqual([carol.id]);
  });
});
