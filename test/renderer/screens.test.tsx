// @vitest-environment jsdom
// Every screen on a fresh hub (the real admin service on an empty database): what it shows
// before anything exists, and the navigation around them.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Applications } from '../../renderer/screens/Applications.tsx';
import { Devices } from '../../renderer/screens/Devices.tsx';
import { Users } from '../../renderer/screens/Users.tsx';
import { Roles } from '../../renderer/screens/Roles.tsx';
import { Tokens } from '../../renderer/screens/Tokens.tsx';
import { Audit } from '../../renderer/screens/Audit.tsx';
import { Dashboard } from '../../renderer/screens/Dashboard.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';
import { App } from '../../renderer/App.tsx';

describe('a fresh hub', () => {
  it('Applications lists the console’s own client, built in', async () => {
    renderWithApi(<Applications />, consoleOnStore().api);
    expect(await screen.findByText('Lanyard console')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New application' })).toBeTruthy();
  });
  it('Devices points to Applications', async () => {
    renderWithApi(<Devices />, consoleOnStore().api);
    expect(await screen.findByText('No devices or services yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Go to Applications' })).toBeTruthy();
  });
  it('Users offers to create one', async () => {
    renderWithApi(<Users />, consoleOnStore().api);
    expect(await screen.findByText('No users yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create a user' })).toBeTruthy();
  });
  it('Live tokens says when tokens appear', async () => {
    renderWithApi(<Tokens />, consoleOnStore().api);
    expect(await screen.findByText('No live tokens')).toBeTruthy();
    expect(await screen.findByText('0 live tokens')).toBeTruthy();
  });
  it('Audit log is empty', async () => {
    renderWithApi(<Audit />, consoleOnStore().api);
    expect(await screen.findByText('The audit log is empty')).toBeTruthy();
  });
  it('Dashboard shows status and no events yet', async () => {
    renderWithApi(<Dashboard />, consoleOnStore().api);
    expect(await screen.findByText(/Nothing has happened yet/)).toBeTruthy();
    expect((await screen.findAllByText('http://192.168.1.20:9090')).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Copy issuer' })).toBeTruthy();
  });
  it('Roles shows the built-in admin role in the matrix', async () => {
    renderWithApi(<Roles />, consoleOnStore().api);
    expect(await screen.findByRole('checkbox', { name: 'admin grants lanyard:admin' })).toBeTruthy();
  });
  it('Settings loads the form', async () => {
    const backend = consoleOnStore();
    renderWithApi(<SettingsScreen />, backend.api);
    expect(((await screen.findByLabelText('Bind host')) as HTMLInputElement).value).toBe((await backend.run('settings.get', {})).host);
  });
});

describe('navigation', () => {
  it('is a list of links with the current page marked, and a skip link', async () => {
    renderWithApi(<App />, consoleOnStore().api);
    const nav = screen.getByRole('navigation', { name: 'Console sections' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Dashboard', 'Applications', 'Devices', 'Users', 'Roles', 'Live tokens', 'Audit log', 'Settings']);
    expect(within(nav).getAllByRole('listitem')).toHaveLength(8);
    expect(links[0]!.getAttribute('aria-current')).toBe('page');
    expect(screen.getByText('Skip to content')).toBeTruthy();
    await userEvent.click(links[3]!);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Users'));
  });
});
