// Prints the abuse suite's figures for a checkout, as JSON lines: how the before → after
// table in the closing note was measured.
//   node test/hub/abuse/figures.ts                       # this checkout
//   LANYARD_ABUSE_ROOT=/path/to/other/checkout node test/hub/abuse/figures.ts
// The idle-socket flood lowers the connection limits and timeouts (SOCKET_TEST_SETTINGS; ignored by a checkout
// that does not have them).
import { ROOT } from './harness.ts';
import * as floods from './floods.ts';

const only = process.argv.slice(2);
const print = (name: string, figures: unknown) => console.log(JSON.stringify({ root: ROOT, name, ...(figures as object) }));
const wanted = (name: string) => only.length === 0 || only.includes(name);

async function withScenario(name: string, work: (s: Awaited<ReturnType<typeof floods.scenario>>) => Promise<unknown>, options: Parameters<typeof floods.scenario>[0] = {}) {
  if (!wanted(name)) return;
  const s = await floods.scenario(options);
  try {
    print(name, await work(s));
  } catch (error) {
    print(name, { error: String(error) });
  } finally {
    await s.stop();
  }
}

await withScenario('logout', (s) => floods.sessionFlood(s, '/logout', 1));
await withScenario('device-page', (s) => floods.sessionFlood(s, '/device', 2));
await withScenario('authorize', (s) => floods.authorizeFlood(s, 3));
await withScenario('device-codes', (s) => floods.deviceCodeFlood(s, 4));
await withScenario('discovery', (s) => floods.discoveryFlood(s, 5), { seed: (dir) => floods.seedScale(dir, 1000, 5000) });
await withScenario('password-spray', (s) => floods.passwordSpray(s, '127.0.6.2', 200));
await withScenario('owner-lockout', (s) => floods.ownerLockout(s, '127.0.7.2', '127.0.7.3', 12));
await withScenario('device-auth-get', (s) => floods.deviceAuthGetFlood(s, 8));
await withScenario('oversized-bodies', (s) => floods.oversizedBodies(s));
await withScenario('audit', (s) => floods.auditFlood(s, 10));
await withScenario('idle-sockets', (s) => floods.idleSockets(s, 11, 3000, 4000), { settings: floods.SOCKET_TEST_SETTINGS });
await withScenario('short-body', async (s) => ({ socketHeldMs: await floods.shortBody(s) }));
await withScenario('login-grants', (s) => floods.loginGrants(s, 20));
await withScenario('kill-9', async (s) => {
  const result = await floods.killNine(s, 8000);
  s.hub = result.hub; // stop() stops the restarted hub
  return { acknowledged: result.acknowledged, active: result.active, counted: result.counted, ackedOver6sBeforeKill: result.ackedMsBeforeKill.filter((ms) => ms > 6000).length };
});

