// Demo data for the fake hub: what the dev-fake entry and the screenshot tests show.
import type { FakeAdmin } from './fake-admin.ts';

export async function seedDemo(api: FakeAdmin, options: { tokens?: number } = {}) {
  const ok = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  for (const [name, description] of [
    ['profile', 'Name and picture'],
    ['email', 'Email address'],
    ['offline_access', 'Stay signed in'],
    ['sensors:read', 'Read sensor values'],
    ['sensors:write', 'Change sensor settings'],
    ['media:play', 'Play media in a room'],
  ] as const)
    await ok(api.call('scopes.upsert', { name, description }));
  await ok(api.call('roles.create', { name: 'family', description: 'People who live here', scopes: ['openid', 'profile', 'email', 'media:play'] }));
  await ok(api.call('roles.create', { name: 'guest', description: 'Visitors', scopes: ['openid', 'media:play'] }));
  await ok(api.call('roles.create', { name: 'technician', description: 'Building maintenance', scopes: ['openid', 'sensors:read', 'sensors:write'] }));
  const alice = await ok(api.call('users.create', { username: 'alice', password: 'correct horse', roles: ['admin', 'family'] }));
  const bob = await ok(api.call('users.create', { username: 'bob', password: 'correct horse', roles: ['family'] }));
  await ok(api.call('users.create', { username: 'carol@guests', password: 'correct horse', roles: ['guest'] }));
  const dave = await ok(api.call('users.create', { username: 'dave.tech', password: 'correct horse', roles: ['technician'] }));
  await ok(api.call('users.update', { id: dave.id, disabled: true }));

  const nas = await ok(api.call('clients.create', { kind: 'web', name: 'Photo library (NAS)', redirectUris: ['http://nas.local/oauth/callback'], scopes: ['openid', 'profile'] }));
  const app = await ok(api.call('clients.create', { kind: 'spa', name: 'Home dashboard', redirectUris: ['http://dashboard.local/'], scopes: ['openid', 'profile', 'media:play'] }));
  const thermo = await ok(api.call('clients.create', { kind: 'device', name: 'Hallway thermostat', scopes: ['sensors:read', 'sensors:write'] }));
  const backup = await ok(api.call('clients.create', { kind: 'service', name: 'Nightly backup', scopes: ['sensors:read'] }));
  await ok(api.call('clients.create', { kind: 'first_party', name: 'Lanyard TV app', scopes: ['openid', 'media:play'] }));
  const tv = await ok(api.call('clients.create', { kind: 'device', name: 'Living room TV', grants: ['device_code', 'refresh_token'], scopes: ['openid', 'profile', 'media:play'] }));

  const now = Date.now();
  const count = options.tokens ?? 240;
  const who = [
    { clientId: nas.client.clientId, subject: alice.id, username: 'alice', type: 'access_token' as const },
    { clientId: app.client.clientId, subject: bob.id, username: 'bob', type: 'refresh_token' as const },
    { clientId: thermo.client.clientId, subject: null, username: null, type: 'client_credentials' as const },
    { clientId: backup.client.clientId, subject: null, username: null, type: 'client_credentials' as const },
  ];
  for (let i = 0; i < count; i++) {
    const w = who[i % who.length]!;
    const issuedAt = new Date(now - (count - i) * (3_600_000 / count));
    api.issueToken({ ...w, issuedAt, scope: w.subject ? 'openid profile' : 'sensors:read' });
    if (i % 17 === 0) api.emit('grant.refused', { at: issuedAt.toISOString(), clientId: w.clientId, summary: 'invalid_client: client authentication failed' });
    if (i % 29 === 0) api.emit('login.failed', { at: issuedAt.toISOString(), subject: 'carol@guests', summary: 'wrong password for carol@guests' });
  }
  // Two devices waiting to be paired: one fresh, one where someone is signing in right now.
  api.requestDevice({ clientId: tv.client.clientId, scope: 'openid profile media:play', userCode: 'BCDF-GHJK', ttl: 540 });
  api.requestDevice({ clientId: thermo.client.clientId, scope: 'sensors:read', userCode: 'WXZB-QRST', ttl: 180, inProgress: true });
  return { alice, bob, dave, nas, app, thermo, backup, tv };
}
