// The abuse suite: the floods a hostile device on the LAN can send, each for a few seconds
// against a real `lanyard serve` on loopback, with a legitimate client running alongside.
// Asserted: rows left behind, log growth, memory, and that the legitimate client is served.
// Bounds, not timings: the machine may be busy. Figures for the closing note: figures.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../../../shared/admin-contract.ts';
import { PENDING_LIMIT } from '../../../main/hub/store/devices.ts';
import {
  auditFlood,
  authorizeFlood,
  deviceAuthGetFlood,
  deviceCodeFlood,
  discoveryFlood,
  idleSockets,
  killNine,
  loginGrants,
  oversizedBodies,
  ownerLockout,
  passwordSpray,
  scenario,
  seedScale,
  sessionFlood,
  shortBody,
  SOCKET_TEST_SETTINGS,
  type Figures,
  type Scenario,
} from './floods.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** What every flood must leave intact: the legitimate client served, memory and log bounded. */
function expectHubUnharmed(figures: Figures): void {
  expect(figures.legit.attempts).toBeGreaterThan(0);
  expect(figures.legit.successRate).toBeGreaterThanOrEqual(0.95);
  expect(figures.rssAfterMb - figures.rssBeforeMb).toBeLessThan(150);
  expect(figures.logKb).toBeLessThan(16);
  expect(figures.flood.byStatus['500'] ?? 0).toBe(0);
}
const added = (figures: Figures, model: string) => (figures.rowsAfter[model] ?? 0) - (figures.rowsBefore[model] ?? 0);

describe('floods without credentials', () => {
  const REQUEST_TIMEOUT = 5; // seconds; the default is 30
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario({ settings: { limits: { requestTimeoutSeconds: REQUEST_TIMEOUT } } });
  });
  afterAll(async () => s.stop());

  it('GET /logout and GET /device store no session', async () => {
    for (const [path, block] of [['/logout', 1], ['/device', 2]] as const) {
      const figures = await sessionFlood(s, path, block, { durationMs: 2500 });
      expect(figures.flood.sent).toBeGreaterThan(100);
      expect(added(figures, 'Session')).toBe(0);
      expectHubUnharmed(figures);
    }
  });

  it('GET /device/auth is a quiet 405, not a logged 500', async () => {
    const figures = await deviceAuthGetFlood(s, 8, { durationMs: 2000 });
    expect(Object.keys(figures.flood.byStatus).sort()).toEqual(expect.arrayContaining(['405']));
    expect((figures.flood.byStatus['405'] ?? 0) + (figures.flood.byStatus['429'] ?? 0)).toBe(figures.flood.sent);
    expect(figures.logKb).toBe(0);
    expectHubUnharmed(figures);
  });

  it('an oversized body gets a 4xx, chunked or sized', async () => {
    expect(new Set(Object.values(await oversizedBodies(s)))).toEqual(new Set([400]));
  });

  it('a body shorter than its Content-Length does not hold a socket for long', async () => {
    expect(await shortBody(s, '/token', 60_000)).toBeLessThan((REQUEST_TIMEOUT + 5) * 1000); // it was ~83 s
  });

  it('password guesses from one address for many usernames: only the per-address limit is checked', async () => {
    const spray = await passwordSpray(s, '127.0.6.2', 60);
    expect(spray.checked).toBeLessThanOrEqual(DEFAULT_LIMITS.loginAttemptsPerAddress);
    expect(spray.refused).toBe(60 - spray.checked);
  });

  it('a guessing device does not lock the owner out', async () => {
    const result = await ownerLockout(s, '127.0.7.2', '127.0.7.3', DEFAULT_LIMITS.loginFailuresPerUserAndAddress + 2);
    expect(result.attackerLast).toMatch(/Too many failed sign-ins from this device/);
    expect(result.ownerStatus).toBe(200);
  });

  it('password-grant logins leave grants that expire with their tokens', async () => {
    const result = await loginGrants(s, 5);
    expect(result.grants).toBeGreaterThanOrEqual(5);
    expect(result.longestGrantDays).toBeLessThanOrEqual(result.longestTokenDays);
  });
});

describe('floods that start sign-ins and device requests', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario();
  });
  afterAll(async () => s.stop());

  it('GET /authorize: interactions capped per address', async () => {
    const figures = await authorizeFlood(s, 3);
    expect(figures.flood.byStatus['429']).toBeGreaterThan(0);
    expect(added(figures, 'Interaction')).toBeLessThanOrEqual(8 * DEFAULT_LIMITS.signInsPerAddress);
    expectHubUnharmed(figures);
  });

  it('POST /device/auth with a public client id: codes capped; the operators\' list stays bounded and the hub serves', async () => {
    const figures = await deviceCodeFlood(s, 4);
    expect(figures.flood.byStatus['429']).toBeGreaterThan(0);
    expect(added(figures, 'DeviceCode')).toBeLessThanOrEqual(8 * DEFAULT_LIMITS.deviceCodesPerAddress);
    expect(figures.extra.pendingListed).toBeLessThanOrEqual(PENDING_LIMIT);
    expect(figures.extra.pendingCalls).toBeGreaterThan(0);
    // The refused requests are audited within the global cap.
    expect(added(figures, 'audit')).toBeLessThanOrEqual(2 * (DEFAULT_LIMITS.auditEventsPerMinute + 1) + 10);
    expectHubUnharmed(figures);
  });
});

describe('discovery at scale', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario({ seed: (dir) => seedScale(dir, 1000, 5000) });
  });
  afterAll(async () => s.stop());

  it('is served at the same cost whatever the number of scopes × clients, while read-only CLI commands run', async () => {
    const figures = await discoveryFlood(s, 5, { durationMs: 3000 });
    expect(figures.flood.byStatus['0'] ?? 0).toBe(0); // nothing timed out
    expect(figures.flood.sent).toBeGreaterThan(50);
    expect(figures.extra.cliRuns).toBeGreaterThan(0);
    expect(figures.extra.cliFailures).toBe(0);
    expectHubUnharmed(figures);
  });
});

describe('refused token requests from 200 addresses', () => {
  const AUDIT_CAP = 50; // a small cap, so a few seconds of flood are far over it
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario({ settings: { limits: { auditEventsPerMinute: AUDIT_CAP } } });
  });
  afterAll(async () => s.stop());

  it('add at most the audit log\'s global cap a minute, the rest counted in one row', async () => {
    const figures = await auditFlood(s, 10, { durationMs: 3000 });
    expect(figures.flood.sent).toBeGreaterThan(4 * AUDIT_CAP);
    expect(added(figures, 'audit')).toBeLessThanOrEqual(2 * (AUDIT_CAP + 1)); // the flood may straddle two minutes
    expectHubUnharmed(figures);
  });
});

describe('idle sockets', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario({ settings: SOCKET_TEST_SETTINGS });
  });
  afterAll(async () => s.stop());

  it('3,000 silent connections: refused past the limits, closed at the headers timeout, and the hub serves again', async () => {
    const result = await idleSockets(s, 11, 3000, 3000);
    expect(result.heldAtStart).toBeGreaterThan(0);
    expect(result.openAfterWait).toBe(0); // every one closed by the hub, none left for good
    expect(result.legitAfter.successRate).toBe(1);
  });
});

describe('kill -9 under load', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario();
  });
  afterAll(async () => s.stop());

  it('every acknowledged token is active after a restart, and the dashboard counters are at most a few seconds behind', async () => {
    const result = await killNine(s, 7000);
    s.hub = result.hub;
    expect(result.acknowledged).toBeGreaterThan(50);
    expect(result.active).toBe(result.acknowledged);
    const olderThanAFlush = result.ackedMsBeforeKill.filter((ms) => ms > 6000).length;
    expect(result.counted).toBeGreaterThanOrEqual(olderThanAFlush);
    expect(result.counted).toBeLessThanOrEqual(result.acknowledged);
  });
});

