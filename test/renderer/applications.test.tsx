// @vitest-environment jsdom
// The Applications screen on the real admin service: the create wizard for each kind, the
// secret shown once, the hub's refusals on their fields, the row actions, and the edit form's
// sign-out addresses.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ACCOUNT_CLIENT_ID, CONSOLE_CLIENT_ID } from '../../shared/transport.ts';
import { PERSONAL_TOKENS_CLIENT_ID } from '../../main/hub/domain/personal-tokens.ts';
import { consoleOnStore, type ConsoleBackend } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Applications } from '../../renderer/screens/Applications.tsx';

/** The hub's own clients: the console, the account page, personal access tokens. */
const BUILT_IN = new Set([CONSOLE_CLIENT_ID, ACCOUNT_CLIENT_ID, PERSONAL_TOKENS_CLIENT_ID]);
/** The applications on the hub besides its built-in ones. */
const created = async (run: ConsoleBackend['run']) => (await run('clients.list', { limit: 100 })).items.filter((c) => !BUILT_IN.has(c.clientId));

async function openWizard() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'New application' }));
  return user;
}

describe('create application wizard', () => {
  it('creates a device with the default grants and shows the secret exactly once', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Device' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Hallway thermostat');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));

    await waitFor(() => expect(api.callsOf('clients.create')).toHaveLength(1));
    expect(api.callsOf('clients.create')[0]).toMatchObject({ kind: 'device', name: 'Hallway thermostat', grants: ['client_credentials'], redirectUris: [] });
    const secret = await screen.findByTestId('client-secret');
    expect(secret.textContent).toBe(api.lastValue('clients.create').clientSecret);
    expect(screen.getByText('This secret will not be shown again')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy secret' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByTestId('client-secret')).toBeNull());
    // The list shows the application but never the secret again.
    expect(await screen.findByText('Hallway thermostat')).toBeTruthy();
    expect(document.body.textContent).not.toContain(api.lastValue('clients.create').clientSecret);
  });

  it('creates a device that pairs with a code (device_code + refresh_token)', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Device' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Living room TV');
    await user.click(screen.getByRole('switch', { name: /Pairs with a code on its screen/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Grants: device_code, refresh_token')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(api.callsOf('clients.create')).toHaveLength(1));
    expect(api.callsOf('clients.create')[0]).toMatchObject({ kind: 'device', name: 'Living room TV', grants: ['device_code', 'refresh_token'] });
  });

  it('creates a SPA with code + refresh, its redirect URIs, and no secret', async () => {
    const { api, run } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Browser or mobile app' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Home dashboard');
    await user.type(screen.getByLabelText('Redirect URIs'), 'http://dashboard.local/{enter}http://dashboard.local/cb');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(api.callsOf('clients.create')).toHaveLength(1));
    expect(api.callsOf('clients.create')[0]).toMatchObject({
      kind: 'spa',
      grants: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://dashboard.local/', 'http://dashboard.local/cb'],
    });
    await waitFor(async () => expect(await created(run)).toHaveLength(1));
    expect(screen.queryByTestId('client-secret')).toBeNull();
  });

  it('offers implicit only under legacy options, and adds it when ticked', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Website with a server' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Old wiki');
    await user.type(screen.getByLabelText('Redirect URIs'), 'http://wiki.local/cb');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Legacy options' }));
    expect(await screen.findByText(/can leak through history and logs/)).toBeTruthy();
    await user.click(screen.getByLabelText('Also allow the implicit grant'));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(api.callsOf('clients.create')).toHaveLength(1));
    expect(api.callsOf('clients.create')[0]).toMatchObject({ kind: 'web', grants: ['authorization_code', 'refresh_token', 'implicit'] });
  });

  it('shows the field error the hub returns and goes back to that step', async () => {
    const { api, run } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Website with a server' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'No redirect');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    // Back on the details step, under the field, in the hub's words.
    const create = () => api.calls.findLast((c) => c.operation === 'clients.create')?.result;
    await waitFor(() => expect(create()).toMatchObject({ ok: false, error: { fields: { redirectUris: expect.any(String) } } }));
    const refusal = create()!;
    expect(await screen.findByText(refusal.ok ? '' : refusal.error.fields!.redirectUris!, { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    expect(screen.getByLabelText('Redirect URIs').getAttribute('aria-invalid')).toBe('true');
    expect(await created(run)).toHaveLength(0);
  });

  it('creates a website with its sign-out addresses; a refused one sends the wizard back to its field', async () => {
    const { api, run } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Website with a server' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Photo album');
    // Pasted, not typed: typing long addresses key by key is slow in jsdom.
    await user.click(screen.getByLabelText('Redirect URIs'));
    await user.paste('https://photos.local/cb');
    await user.click(screen.getByLabelText('Post-logout redirect URIs'));
    await user.paste('com.example.photos:/bye');
    await user.click(screen.getByLabelText('Back-channel logout URI'));
    await user.paste('http://192.168.1.20:8080/backchannel');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    // A web application's sign-out address must be a web address: back on the details step, on the field.
    expect(await screen.findAllByText(/of a web application must be an http:\/\/ or https:\/\/ address/)).not.toHaveLength(0);
    const postLogout = screen.getByLabelText('Post-logout redirect URIs');
    expect(postLogout.getAttribute('aria-invalid')).toBe('true');
    expect(await created(run)).toHaveLength(0);

    await user.clear(postLogout);
    await user.paste('https://photos.local/bye');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(api.callsOf('clients.create')).toHaveLength(2));
    expect(api.callsOf('clients.create')[1]).toMatchObject({ postLogoutRedirectUris: ['https://photos.local/bye'], backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel' });
    const [album] = await created(run);
    expect(album).toMatchObject({ name: 'Photo album', postLogoutRedirectUris: ['https://photos.local/bye'], backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel' });
  });

  it('asks no sign-out address of an application that does not sign people in through the browser', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Background service' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByLabelText(/^Name/)).toBeTruthy();
    expect(screen.queryByLabelText('Post-logout redirect URIs')).toBeNull();
    expect(screen.queryByLabelText('Back-channel logout URI')).toBeNull();
  });

  it('shows a contract validation error (bad redirect URI) on the field', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Website with a server' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Bad');
    await user.type(screen.getByLabelText('Redirect URIs'), 'not a uri');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Create application' }));
    expect(await screen.findByText('a redirect URI must be an absolute URI without a fragment')).toBeTruthy();
  });
});

describe('application actions', () => {
  it('deletes only after the name is typed', async () => {
    const { api, run } = consoleOnStore();
    await run('clients.create', { kind: 'service', name: 'Backup' });
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Backup' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete…' }));
    const confirm = await screen.findByRole('button', { name: 'Delete application' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText(/Type Backup to confirm/), 'Backup');
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    await user.click(confirm);
    await waitFor(async () => expect(await created(run)).toHaveLength(0));
  });

  it('rotates a secret after confirmation and shows the new one', async () => {
    const { api, run } = consoleOnStore();
    const before = (await run('clients.create', { kind: 'service', name: 'Backup' })).clientSecret;
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Backup' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rotate secret…' }));
    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const secret = await screen.findByTestId('client-secret');
    expect(secret.textContent).not.toBe(before);
    expect(secret.textContent).toBe(api.lastValue('clients.rotateSecret').clientSecret);
  });
});

describe('edit: sign-out addresses', () => {
  it('edits post-logout redirect URIs and the back-channel URI, shows the hub\'s refusal on its field, and empties the back-channel URI', async () => {
    const { api, run } = consoleOnStore();
    const { client } = await run('clients.create', { kind: 'web', name: 'Planner', grants: ['authorization_code'], redirectUris: ['https://planner.local/cb'] });
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    const edit = async () => {
      await user.click(await screen.findByRole('button', { name: 'Actions for Planner' }));
      await user.click(await screen.findByRole('menuitem', { name: 'Edit…' }));
      return { postLogout: await screen.findByLabelText('Post-logout redirect URIs'), backchannel: screen.getByLabelText('Back-channel logout URI') };
    };
    let fields = await edit();
    // Pasted, not typed: typing long addresses key by key is slow in jsdom.
    await user.click(fields.postLogout);
    await user.paste('com.example.planner:/bye');
    await user.click(fields.backchannel);
    await user.paste('http://192.168.1.20:8080/backchannel');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findAllByText(/of a web application must be an http:\/\/ or https:\/\/ address/)).not.toHaveLength(0);
    // On the field itself, not only in the form's alert.
    expect(fields.postLogout.getAttribute('aria-invalid')).toBe('true');
    expect(fields.backchannel.getAttribute('aria-invalid')).not.toBe('true');
    await user.clear(fields.postLogout);
    await user.paste('https://planner.local/bye\nhttp://192.168.1.20/bye');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(async () =>
      expect(await run('clients.get', { clientId: client.clientId })).toMatchObject({
        postLogoutRedirectUris: ['https://planner.local/bye', 'http://192.168.1.20/bye'],
        backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Reopened at once: the form reads the application again, whether or not the list has.
    fields = await edit();
    expect((fields.postLogout as HTMLTextAreaElement).value).toBe('https://planner.local/bye\nhttp://192.168.1.20/bye');
    await user.clear(fields.backchannel);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(async () => expect((await run('clients.get', { clientId: client.clientId })).backchannelLogoutUri).toBeNull());
  }, 90_000);
});

describe('edit: the current record', () => {
  it('opens on the application as the hub has it now, not on the list\'s older copy', async () => {
    const { api, run, store } = consoleOnStore();
    const { client } = await run('clients.create', { kind: 'web', name: 'Recipes', grants: ['authorization_code'], redirectUris: ['https://recipes.local/cb'] });
    renderWithApi(<Applications />, api);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Recipes' }));
    // Changed behind the console's back (no live event): the list still holds the old record.
    store.clients.update(client.clientId, { name: 'Family recipes', postLogoutRedirectUris: ['https://recipes.local/bye'] });
    await user.click(await screen.findByRole('menuitem', { name: 'Edit…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Family recipes' });
    expect(((await within(dialog).findByLabelText('Post-logout redirect URIs')) as HTMLTextAreaElement).value).toBe('https://recipes.local/bye');
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('Family recipes');
    expect(within(dialog).getByLabelText('Name')).toBe(document.activeElement);
    expect(api.callsOf('clients.get')).toEqual([{ clientId: client.clientId }]);
    expect(screen.getByText('Recipes')).toBeTruthy();
  });
});

describe('wizard by keyboard', () => {
  it('Enter moves to the next step and finally creates', async () => {
    const { api } = consoleOnStore();
    renderWithApi(<Applications />, api);
    const user = await openWizard();
    await user.click(screen.getByRole('radio', { name: 'Background service' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText(/^Name/), 'Backup{Enter}');
    expect(await screen.findByLabelText('Access token lifetime')).toBeTruthy();
    await user.type(screen.getByLabelText('Access token lifetime'), '600{Enter}');
    await waitFor(() => expect(api.callsOf('clients.create')).toEqual([{ kind: 'service', name: 'Backup', grants: ['client_credentials'], redirectUris: [], scopes: [], accessTokenTtl: 600, firstParty: false }]));
    expect(await screen.findByTestId('client-secret')).toBeTruthy();
  });
});
