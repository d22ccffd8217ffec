// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Roles } from '../screens/Roles.tsx';
import { Users } from '../screens/Users.tsx';

describe('roles matrix', () => {
  it('grants and withdraws a scope with roles.update', async () => {
    const api = new FakeAdmin();
    await api.call('scopes.upsert', { name: 'media:play' });
    await api.call('roles.create', { name: 'family', scopes: ['openid'] });
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    const box = await screen.findByRole('checkbox', { name: 'family grants media:play' });
    expect((box as HTMLInputElement).checked).toBe(false);
    await user.click(box);
    await waitFor(() => expect(api.callsOf('roles.update')).toEqual([{ name: 'family', scopes: ['openid', 'media:play'] }]));
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'family grants media:play' }) as HTMLInputElement).checked).toBe(true));
    await user.click(screen.getByRole('checkbox', { name: 'family grants openid' }));
    await waitFor(() => expect(api.callsOf('roles.update').at(-1)).toEqual({ name: 'family', scopes: ['media:play'] }));
    expect(api.roles.find((r) => r.name === 'family')!.scopes).toEqual(['media:play']);
  });

  it("shows the hub's refusal and puts the box back", async () => {
    const api = new FakeAdmin();
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    const box = await screen.findByRole('checkbox', { name: 'admin grants lanyard:admin' });
    await user.click(box);
    expect(await screen.findByText(/must keep the lanyard:admin scope/)).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'admin grants lanyard:admin' }) as HTMLInputElement).checked).toBe(true));
  });

  it('shows why a role held by users cannot be deleted', async () => {
    const api = new FakeAdmin();
    await api.call('roles.create', { name: 'family' });
    await api.call('users.create', { username: 'bob', password: 'long enough', roles: ['family'] });
    renderWithApi(<Roles />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for role family' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete role…' }));
    await user.click(await screen.findByRole('button', { name: 'Delete role' }));
    expect(await screen.findByText('The role "family" is held by 1 user; take it away from them first.')).toBeTruthy();
  });

  it('adds a scope and shows a bad name on the field', async () => {
    const api = new FakeAdmin();
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
    const api = new FakeAdmin();
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create a user' }));
    await user.type(screen.getByLabelText('Username'), 'carol');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('a password needs at least 8 characters', { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    expect(api.users).toHaveLength(0);
    await user.type(screen.getByLabelText(/^Password/), ' and longer');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(api.users).toHaveLength(1));
    expect(await screen.findByText('carol')).toBeTruthy();
  });

  it('assigns roles and disables a user', async () => {
    const api = new FakeAdmin();
    await api.call('roles.create', { name: 'family' });
    await api.call('users.create', { username: 'bob', password: 'long enough' });
    renderWithApi(<Users />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roles…' }));
    await user.click(await screen.findByRole('checkbox', { name: /family/ }));
    await user.click(screen.getByRole('button', { name: 'Save roles' }));
    await waitFor(() => expect(api.users[0]!.roles).toEqual(['family']));
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Disable' }));
    await waitFor(() => expect(api.users[0]!.disabled).toBe(true));
  });
});
