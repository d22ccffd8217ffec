// The token endpoint under bad input: malformed and oversized bodies get RFC 6749 JSON errors
// (never a stack trace), the hub keeps serving, and operators see the refusals counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
});
afterAll(() => t?.cleanup());

describe('token endpoint robustness', () => {
  it('answers malformed and oversized bodies with RFC 6749 JSON errors and keeps serving', async () => {
    const post = (body: string | Uint8Array, contentType = 'application/x-www-form-urlencoded') => fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const cases = [
      await post('grant_type=client_credentials'), // no client
      await post('%%%=&&&'),
      await post('grant_type=telepathy&client_id=x'),
      await post('a='.padEnd(200_000, 'x')),
      await post('<xml/>', 'application/xml'),
      await post(new Uint8Array([0xff, 0xfe, 0x00, 0x41])),
    ];
    for (const response of cases) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as { error: string };
      expect(typeof body.error).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/node_modules|at \w+ \(/);
    }
    const discovery = await fetch(`${t.url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });

  it('counts refusals for operators', async () => {
    await fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=ghost&client_secret=x' });
    const refused = await t.run('audit.list', { type: 'grant.refused' });
    expect(refused.items.length).toBeGreaterThan(0);
    expect(refused.items[0]!.summary).toMatch(/invalid_client/);
  });
});
