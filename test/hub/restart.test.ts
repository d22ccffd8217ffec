// A hub stopped and started again on the same data directory keeps what it had: clients, users
// and live tokens (the issuer may change with the port; the tokens do not).
import { expect, it } from 'vitest';
import { startHub } from '../support/hub.ts';

it('keeps clients, users and live tokens across a restart', async () => {
  const first = await startHub();
  const service = await first.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['a:b'] });
  await first.addUser('alice', 'alice-password-1', []);
  const token = await first.clientCredentials(service, 'a:b');
  const second = await first.restart();
  try {
    // The port changed, so the issuer changed; the token itself is still known and live.
    expect(await second.introspect(service, token.access_token)).toMatchObject({ active: true, scope: 'a:b' });
    expect((await second.run('users.list', {})).items.map((user) => user.username)).toEqual(['alice']);
  } finally {
    await second.cleanup();
  }
});
