// @vitest-environment jsdom
// The Devices screen's pending requests on a running hub: real devices start the device flow
// over HTTP (RFC 8628), and the console approves or denies them through devices.decide, which
// only a running hub can answer.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as oauth from 'oauth4webapi';
import { FormBrowser } from '../support/browser.ts';
import { consoleOnHub, consoleOnStore } from '../support/console-api.ts';
import { insecure, type TestHub } from '../support/hub.ts';
import { renderWithApi } from './render.tsx';
import { Devices } from '../../renderer/screens/Devices.tsx';
import { PendingDevices } from '../../renderer/screens/devices/PendingDevices.tsx';
import { formatCountdown } from '../../renderer/lib/format.ts';

/** A device starting the device flow at the hub, as a TV would; returns the code it shows. */
async function askToPair(hub: TestHub, clientId: string, scope?: string): Promise<string> {
  const client = { client_id: clientId, token_endpoint_auth_method: 'none' } as const;
  const response = await oauth.deviceAuthorizationRequest(hub.as, client, oauth.None(), new URLSearchParams(scope ? { scope } : {}), insecure);
  return (await oauth.processDeviceAuthorizationResponse(hub.as, client, response)).user_code;
}

/** Someone types the code on the hub's device page and confirms it: the request is now "in progress". */
async function enterCode(hub: TestHub, userCode: string) {
  const browser = new FormBrowser(hub.url);
  const xsrf = (html: string) => /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
  const confirm = await browser.request(`${hub.url}/device`, { form: { xsrf: xsrf((await browser.request(`${hub.url}/device`)).html), user_code: userCode } });
  await browser.request(`${hub.url}/device`, { form: { xsrf: xsrf(confirm.html), user_code: userCode, confirm: 'yes' } });
}

async function hubWithTv() {
  const backend = await consoleOnHub();
  for (const name of ['profile', 'media:play']) await backend.run('scopes.upsert', { name });
  await backend.run('roles.create', { name: 'family', scopes: ['profile', 'media:play'] });
  await backend.run('roles.create', { name: 'guest', scopes: [] });
  await backend.run('users.create', { username: 'alice', password: 'correct horse', roles: ['family'] });
  await backend.run('users.create', { username: 'bob', password: 'correct horse', roles: ['guest'] });
  const { clientId } = await backend.hub.addClient({ name: 'Living room TV', kind: 'device', grants: ['device_code'], public: true, scopes: ['profile', 'media:play'] });
  const userCode = await askToPair(backend.hub, clientId, 'profile media:play');
  return { backend, api: backend.api, hub: backend.hub, clientId, userCode };
}

const card = (name: RegExp | string) => screen.findByRole('article', { name: typeof name === 'string' ? new RegExp(name) : name });

describe('pending device requests', () => {
  it('explains how devices pair when none is waiting', async () => {
    renderWithApi(<Devices />, consoleOnStore().api);
    expect(await screen.findByText('No device is waiting')).toBeTruthy();
    expect(screen.getByText(/pairs with a code/)).toBeTruthy();
    // The registered-devices empty state is still there below it.
    expect(await screen.findByText('No devices or services yet')).toBeTruthy();
  });

  it('shows the device name, the code, the expiry countdown, the scope and the approval link', async () => {
    const { api, hub, userCode } = await hubWithTv();
    renderWithApi(<Devices />, api);
    const tv = await card(`Living room TV is waiting, code ${userCode}`);
    expect(within(tv).getByTestId('user-code').textContent).toBe(userCode);
    expect(within(tv).getByText(/^Expires in \d+:\d\d$/)).toBeTruthy();
    expect(within(tv).getByText('profile')).toBeTruthy();
    expect(within(tv).getByText('media:play')).toBeTruthy();
    expect(within(tv).getByRole('button', { name: 'Copy the approval link for Living room TV' })).toBeTruthy();
    expect(api.lastValue('devices.pending')[0]!.verificationUriComplete).toBe(`${hub.issuer}/device?user_code=${userCode}`);
    expect(screen.getByLabelText('1 waiting')).toBeTruthy();
  });

  it('approves a request for the user picked in a searchable list', async () => {
    const { api, userCode } = await hubWithTv();
    renderWithApi(<Devices />, api);
    const tv = await card('Living room TV');
    await userEvent.click(within(tv).getByRole('button', { name: `Approve Living room TV (code ${userCode})` }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve Living room TV?' });
    const approve = within(dialog).getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Whose account does the device get?' }), 'ali');
    // The list is searched on the hub (debounced), so it works with more users than fit a page.
    await waitFor(() => expect(api.callsOf('users.list')).toContainEqual({ query: 'ali', limit: 50 }));
    await userEvent.click(await screen.findByRole('option', { name: 'alice' }));
    await waitFor(() => expect(approve.disabled).toBe(false));
    await userEvent.click(approve);
    expect(await screen.findByText(/Living room TV now uses alice's account \(profile media:play\)/)).toBeTruthy();
    expect(api.callsOf('devices.decide')).toEqual([{ userCode, decision: 'approve', username: 'alice' }]);
    await waitFor(() => expect(screen.queryByRole('article', { name: /Living room TV/ })).toBeNull());
    expect(screen.getByText('No device is waiting')).toBeTruthy();
  });

  it('shows the hub’s refusal in the approve dialog', async () => {
    const { backend, api, userCode } = await hubWithTv();
    renderWithApi(<Devices />, api);
    await userEvent.click(within(await card('Living room TV')).getByRole('button', { name: /^Approve/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Whose account does the device get?' }));
    await userEvent.click(await screen.findByRole('option', { name: 'bob' }));
    // Another operator denies it meanwhile: the hub refuses, the dialog says so.
    await act(() => backend.run('devices.decide', { userCode, decision: 'deny' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    const decided = () => api.calls.findLast((c) => c.operation === 'devices.decide')?.result;
    await waitFor(() => expect(decided()).toMatchObject({ ok: false, error: { message: expect.any(String) } }));
    const refusal = decided()!;
    expect(await within(dialog).findByText(refusal.ok ? '' : refusal.error.message)).toBeTruthy();
  });

  it('denies a request after confirmation', async () => {
    const { backend, api, userCode } = await hubWithTv();
    renderWithApi(<Devices />, api);
    await userEvent.click(within(await card('Living room TV')).getByRole('button', { name: `Deny Living room TV (code ${userCode})` }));
    const dialog = await screen.findByRole('dialog', { name: 'Deny Living room TV?' });
    expect(api.callsOf('devices.decide')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny request' }));
    expect(await screen.findByText(`Denied Living room TV (code ${userCode}); it stops waiting.`)).toBeTruthy();
    expect(api.callsOf('devices.decide')).toEqual([{ userCode, decision: 'deny' }]);
    await waitFor(() => expect(screen.queryByRole('article', { name: /Living room TV/ })).toBeNull());
    expect((await backend.run('audit.list', { limit: 1 })).items[0]!.type).toBe('grant.refused');
  });

  it('picks up by polling what no event announces: someone signing in on a device', async () => {
    const { api, hub, clientId } = await hubWithTv();
    renderWithApi(<PendingDevices pollMs={150} />, api);
    await card('Living room TV');
    const second = await askToPair(hub, clientId);
    const card2 = await card(second);
    expect(within(card2).getByText('everything its application may have')).toBeTruthy();
    expect(within(card2).queryByText('someone is signing in on it')).toBeNull();
    const polls = api.callsOf('devices.pending').length;
    await act(() => enterCode(hub, second));
    expect(await within(await card(second)).findByText('someone is signing in on it')).toBeTruthy();
    expect(api.callsOf('devices.pending').length).toBeGreaterThan(polls);
  });

  it('reloads when a device was decided elsewhere', async () => {
    const { backend, api, userCode } = await hubWithTv();
    renderWithApi(<PendingDevices pollMs={60_000} />, api);
    await card(userCode);
    const before = api.callsOf('devices.pending').length;
    await act(() => backend.run('devices.decide', { userCode, decision: 'deny' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: new RegExp(userCode) })).toBeNull());
    expect(api.callsOf('devices.pending').length).toBe(before + 1);
  });

  it('formats the countdown', () => {
    expect(formatCountdown(299_500)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(0)).toBe('expired');
  });
});
