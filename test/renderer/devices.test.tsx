// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Devices } from '../screens/Devices.tsx';
import { PendingDevices, formatCountdown } from '../screens/PendingDevices.tsx';

async function hubWithTv() {
  const api = new FakeAdmin();
  for (const name of ['profile', 'media:play']) await api.call('scopes.upsert', { name });
  await api.call('roles.create', { name: 'family', scopes: ['openid', 'profile', 'media:play'] });
  await api.call('roles.create', { name: 'guest', scopes: ['openid'] });
  await api.call('users.create', { username: 'alice', password: 'correct horse', roles: ['family'] });
  await api.call('users.create', { username: 'bob', password: 'correct horse', roles: ['guest'] });
  const created = await api.call('clients.create', { kind: 'device', name: 'Living room TV', grants: ['device_code'], scopes: ['openid', 'profile', 'media:play'] });
  if (!created.ok) throw new Error(created.error.message);
  const request = api.requestDevice({ clientId: created.value.client.clientId, scope: 'openid media:play', userCode: 'BCDF-GHJK', ttl: 300 });
  return { api, clientId: created.value.client.clientId, request };
}

const card = (name: RegExp) => screen.findByRole('article', { name });

describe('pending device requests', () => {
  it('explains how devices pair when none is waiting', async () => {
    renderWithApi(<Devices />, new FakeAdmin());
    expect(await screen.findByText('No device is waiting')).toBeTruthy();
    expect(screen.getByText(/pairs with a code/)).toBeTruthy();
    // The registered-devices empty state is still there below it.
    expect(await screen.findByText('No devices or services yet')).toBeTruthy();
  });

  it('shows the device name, the code, the expiry countdown, the scope and the approval link', async () => {
    const { api, request } = await hubWithTv();
    renderWithApi(<Devices />, api);
    const tv = await card(/Living room TV is waiting, code BCDF-GHJK/);
    expect(within(tv).getByTestId('user-code').textContent).toBe('BCDF-GHJK');
    expect(within(tv).getByText(/^Expires in [45]:\d\d$/)).toBeTruthy();
    expect(within(tv).getByText('openid')).toBeTruthy();
    expect(within(tv).getByText('media:play')).toBeTruthy();
    expect(within(tv).getByRole('button', { name: 'Copy the approval link for Living room TV' })).toBeTruthy();
    expect(request.verificationUriComplete).toBe('http://192.168.1.20:9090/device?user_code=BCDF-GHJK');
    expect(screen.getByLabelText('1 waiting')).toBeTruthy();
  });

  it('approves a request for the user picked in a searchable list', async () => {
    const { api } = await hubWithTv();
    renderWithApi(<Devices />, api);
    const tv = await card(/Living room TV/);
    await userEvent.click(within(tv).getByRole('button', { name: 'Approve Living room TV (code BCDF-GHJK)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve Living room TV?' });
    const approve = within(dialog).getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Whose account does the device get?' }), 'ali');
    // The list is searched on the hub (debounced), so it works with more users than fit a page.
    await waitFor(() => expect(api.callsOf('users.list')).toContainEqual({ query: 'ali', limit: 50 }));
    await userEvent.click(await screen.findByRole('option', { name: 'alice' }));
    await waitFor(() => expect(approve.disabled).toBe(false));
    await userEvent.click(approve);
    expect(await screen.findByText(/Living room TV now uses alice's account \(openid media:play\)/)).toBeTruthy();
    expect(api.callsOf('devices.decide')).toEqual([{ userCode: 'BCDF-GHJK', decision: 'approve', username: 'alice' }]);
    await waitFor(() => expect(screen.queryByRole('article', { name: /Living room TV/ })).toBeNull());
    expect(screen.getByText('No device is waiting')).toBeTruthy();
  });

  it('shows the hub’s refusal in the approve dialog', async () => {
    const { api } = await hubWithTv();
    renderWithApi(<Devices />, api);
    await userEvent.click(within(await card(/Living room TV/)).getByRole('button', { name: /^Approve/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Whose account does the device get?' }));
    await userEvent.click(await screen.findByRole('option', { name: 'bob' }));
    // The request expired meanwhile: the hub refuses, the dialog says so.
    act(() => {
      api.deviceRequests[0]!.expiresAt = new Date(Date.now() - 1000).toISOString();
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await within(dialog).findByText(/The code BCDF-GHJK has expired/)).toBeTruthy();
  });

  it('denies a request after confirmation', async () => {
    const { api } = await hubWithTv();
    renderWithApi(<Devices />, api);
    await userEvent.click(within(await card(/Living room TV/)).getByRole('button', { name: 'Deny Living room TV (code BCDF-GHJK)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deny Living room TV?' });
    expect(api.callsOf('devices.decide')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny request' }));
    expect(await screen.findByText(/Denied Living room TV \(code BCDF-GHJK\)/)).toBeTruthy();
    expect(api.callsOf('devices.decide')).toEqual([{ userCode: 'BCDF-GHJK', decision: 'deny' }]);
    await waitFor(() => expect(screen.queryByRole('article', { name: /Living room TV/ })).toBeNull());
    expect(api.events[0]!.type).toBe('grant.refused');
  });

  it('picks up new requests by polling, and on live events', async () => {
    const { api, clientId } = await hubWithTv();
    renderWithApi(<PendingDevices pollMs={150} />, api);
    await card(/BCDF-GHJK/);
    // Nothing announces a new device request: polling finds it.
    act(() => void api.requestDevice({ clientId, userCode: 'MNPQ-RSTV', inProgress: true }));
    const second = await card(/MNPQ-RSTV/);
    expect(within(second).getByText('someone is signing in on it')).toBeTruthy();
    expect(within(second).getByText('everything its application may have')).toBeTruthy();
  });

  it('reloads when a device was decided elsewhere', async () => {
    const { api } = await hubWithTv();
    renderWithApi(<PendingDevices pollMs={60_000} />, api);
    await card(/BCDF-GHJK/);
    const before = api.callsOf('devices.pending').length;
    act(() => {
      api.deviceRequests = [];
      api.emit('login.succeeded', { summary: 'Device allowed in the browser' });
    });
    await waitFor(() => expect(screen.queryByRole('article', { name: /BCDF-GHJK/ })).toBeNull());
    expect(api.callsOf('devices.pending').length).toBe(before + 1);
  });

  it('formats the countdown', () => {
    expect(formatCountdown(299_500)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(0)).toBe('expired');
  });
});
