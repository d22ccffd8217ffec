// @vitest-environment jsdom
// Guests on the real admin service: the guest pass makes a user with a generated password and an
// expiry and shows it once with a QR code of the sign-in link; the new-user form takes an expiry;
// the dashboard lists accounts and role assignments ending this week.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Users } from '../../renderer/screens/Users.tsx';
import { UpcomingExpiries } from '../../renderer/screens/dashboard/UpcomingExpiries.tsx';

describe('guest access', () => {
  it('a guest pass creates an expiring user with a generated password and shows the sign-in QR code', async () => {
    const backend = consoleOnStore();
    await backend.run('roles.create', { name: 'guest', scopes: [] });
    const user = userEvent.setup();
    renderWithApi(<Users />, backend.api);
    await user.click(await screen.findByRole('button', { name: 'Guest pass' }));
    const dialog = await screen.findByRole('dialog', { name: 'Guest pass' });
    const name = within(dialog).getByLabelText('Username');
    await user.clear(name);
    await user.type(name, 'visitor');
    await user.click(within(dialog).getByRole('button', { name: 'Create guest pass' }));

    const password = (await screen.findByTestId('guest-password')).textContent!;
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(await screen.findByRole('img', { name: 'QR code for http://192.168.1.20:9090/account' })).toBeTruthy();
    const created = backend.api.lastValue('users.create');
    expect(created).toMatchObject({ username: 'visitor' });
    const hours = (Date.parse(created.expiresAt!) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    // The password shown is the one the hub took.
    expect(backend.api.callsOf('users.create')[0]).toMatchObject({ password });
  });

  it('the new-user form sets an expiry, and the dashboard lists accounts ending this week', async () => {
    const backend = consoleOnStore();
    const user = userEvent.setup();
    renderWithApi(<Users />, backend.api);
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog', { name: 'New user' });
    await user.type(within(dialog).getByLabelText('Username'), 'cousin');
    await user.type(within(dialog).getByLabelText(/^Password/), 'cousin-password-1');
    await user.click(within(dialog).getByRole('combobox', { name: 'Account ends' }));
    await user.click(await screen.findByRole('option', { name: 'In 3 days' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    await screen.findByText(/guest until/);
    const created = backend.api.lastValue('users.create');
    expect((Date.parse(created.expiresAt!) - Date.now()) / 86_400_000).toBeCloseTo(3, 1);

    // A resident with a role that ends in two days is listed too, with the role named.
    await backend.run('roles.create', { name: 'weekend', scopes: [] });
    await backend.run('users.create', { username: 'resident', password: 'resident-password-1', roles: ['weekend'], roleExpiries: { weekend: new Date(Date.now() + 2 * 86_400_000).toISOString() } });
    renderWithApi(<UpcomingExpiries />, backend.api);
    const card = await screen.findByRole('heading', { name: 'Guest accounts and roles ending this week' });
    expect(within(card.closest('div')!).getByText('cousin')).toBeTruthy();
    expect(within(card.closest('div')!).getByText('resident')).toBeTruthy();
    expect(within(card.closest('div')!).getByText(/^weekend ends /)).toBeTruthy();
  });
});
