// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Applications } from '../screens/Applications.tsx';
import { Devices } from '../screens/Devices.tsx';
import { Users } from '../screens/Users.tsx';
import { Roles } from '../screens/Roles.tsx';
import { Tokens } from '../screens/Tokens.tsx';
import { Audit } from '../screens/Audit.tsx';
import { Dashboard } from '../screens/Dashboard.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';
import { App } from '../App.tsx';

describe('empty states', () => {
  it('Applications explains how to start', async () => {
    renderWithApi(<Applications />, new FakeAdmin());
    expect(await screen.findByText('No applications yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create an application' })).toBeTruthy();
  });
  it('Devices points to Applications', async () => {
    renderWithApi(<Devices />, new FakeAdmin());
    expect(await screen.findByText('No devices or services yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Go to Applications' })).toBeTruthy();
  });
  it('Users offers to create one', async () => {
    renderWithApi(<Users />, new FakeAdmin());
    expect(await screen.findByText('No users yet')).toBeTruthy();
  });
  it('Live tokens says when tokens appear', async () => {
    renderWithApi(<Tokens />, new FakeAdmin());
    expect(await screen.findByText('No live tokens')).toBeTruthy();
    expect(await screen.findByText('0 live tokens')).toBeTruthy();
  });
  it('Audit log is empty', async () => {
    renderWithApi(<Audit />, new FakeAdmin());
    expect(await screen.findByText('The audit log is empty')).toBeTruthy();
  });
  it('Dashboard shows status and no events yet', async () => {
    renderWithApi(<Dashboard />, new FakeAdmin());
    expect(await screen.findByText(/Nothing has happened yet/)).toBeTruthy();
    expect((await screen.findAllByText('http://192.168.1.20:9090')).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Copy issuer' })).toBeTruthy();
  });
  it('Roles shows the built-in admin role in the matrix', async () => {
    renderWithApi(<Roles />, new FakeAdmin());
    expect(await screen.findByRole('checkbox', { name: 'admin grants lanyard:admin' })).toBeTruthy();
  });
  it('Settings loads the form', async () => {
    renderWithApi(<SettingsScreen />, new FakeAdmin());
    expect(((await screen.findByLabelText('Bind host')) as HTMLInputElement).value).toBe('0.0.0.0');
  });
});

describe('navigation', () => {
  it('is a list of links with the current page marked, and a skip link', async () => {
    renderWithApi(<App />, new FakeAdmin());
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
