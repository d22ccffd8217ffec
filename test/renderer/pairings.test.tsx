// @vitest-environment jsdom
// The Devices screen's pairings on the real admin service: the operator pairs a device (the
// string and its QR code shown once), sees the pairing's state, revokes it, and approves a
// device that registered itself over HTTP with an approval-required pairing.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parsePairingUri } from '../../shared/pairing-uri.ts';
import { consoleOnHub, consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Pairings } from '../../renderer/screens/devices/Pairings.tsx';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

describe('pairings', () => {
  it('pairs a device: the string with issuer, fingerprint and token is shown once; then revoked', async () => {
    const backend = consoleOnStore({ tls: { fingerprint256: FINGERPRINT, notAfter: new Date(Date.now() + 86_400_000).toISOString(), sans: ['127.0.0.1'], selfSigned: true }, issuer: 'https://192.168.1.20:9090' });
    await backend.run('scopes.upsert', { name: 'lights:read' });
    const user = userEvent.setup();
    renderWithApi(<Pairings />, backend.api);
    await user.click(await screen.findByRole('button', { name: 'Pair a device' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pair a device' });
    await user.type(within(dialog).getByLabelText('What it is for'), 'Porch lights');
    await user.type(within(dialog).getAllByLabelText('Scopes the device may have').find((element) => element.tagName === 'INPUT')!, 'lights:read{enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create pairing' }));

    const shown = await screen.findByTestId('pairing-uri');
    const parts = parsePairingUri(shown.textContent ?? '');
    expect(parts).toEqual({ issuer: 'https://192.168.1.20:9090', fingerprint: FINGERPRINT, token: backend.api.lastValue('pairings.create').initialAccessToken });
    // Drawn once qrcode's promise settles: wait for it, as a person would see it appear.
    expect(await screen.findByRole('img', { name: /QR code for lanyard-pair/ })).toBeTruthy();
    expect(backend.api.callsOf('pairings.create')[0]).toMatchObject({ name: 'Porch lights', scopes: ['lights:read'], grants: ['client_credentials'], uses: 1, requiresApproval: false });
    await user.click(screen.getByRole('button', { name: 'Done' }));

    const row = (await screen.findByText('Porch lights')).closest('tr')!;
    expect(within(row).getByText('active')).toBeTruthy();
    expect(within(row).getByText('0 of 1')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Revoke the pairing Porch lights' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke pairing' }));
    await waitFor(() => expect(within(screen.getByText('Porch lights').closest('tr')!).getByText('revoked')).toBeTruthy());
    expect((await backend.run('pairings.list', {}))[0]).toMatchObject({ state: 'revoked' });
  });

  it('approves a device waiting after it registered itself with an approval-required pairing', async () => {
    const backend = await consoleOnHub();
    const { initialAccessToken } = await backend.run('pairings.create', { name: 'Front door', requiresApproval: true });
    const registered = await fetch(`${backend.hub.issuer}/reg`, { method: 'POST', headers: { authorization: `Bearer ${initialAccessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'Door lock', grant_types: ['client_credentials'] }) });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const user = userEvent.setup();
    renderWithApi(<Pairings />, backend.api);
    const waiting = (await screen.findByText('Door lock')).closest('tr')!;
    expect(within(waiting).getByText('Front door')).toBeTruthy();
    await user.click(within(waiting).getByRole('button', { name: 'Approve Door lock' }));
    await waitFor(() => expect(screen.queryByText('Door lock')).toBeNull());
    expect(await backend.run('clients.get', { clientId })).toMatchObject({ pendingApproval: false, pairing: { name: 'Front door' } });
  });
});
