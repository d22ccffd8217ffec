// `lanyard client add … --post-logout-redirect-uri … --backchannel-logout-uri …` and what
// `client list` shows of them, as real processes against a real data directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '../../shared/admin-contract.ts';
import { removeDataDir } from '../support/hub.ts';

vi.setConfig({ testTimeout: 180_000 });

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lanyard.js');
let data: string;
const lanyard = (args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args, '--data', data], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'lanyard-cli-logout-'));
});
afterAll(() => removeDataDir(data));

describe('client add: sign-out addresses', () => {
  it('documents the flags', () => {
    expect(lanyard(['client', 'add', '--help']).stdout).toMatch(/--post-logout-redirect-uri <uri>[\s\S]*repeat[\s\S]*--backchannel-logout-uri <uri>/);
  });

  it('registers repeated post-logout URIs and a back-channel URI; client list shows them, in JSON and as a table', () => {
    const added = lanyard([
      'client', 'add', '--name', 'Planner', '--grants', 'authorization_code', '--redirect-uri', 'https://planner.local/cb',
      '--post-logout-redirect-uri', 'https://planner.local/bye', '--post-logout-redirect-uri', 'http://192.168.1.20/bye',
      '--backchannel-logout-uri', 'http://192.168.1.20:8080/backchannel', '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const clientId = (JSON.parse(added.stdout) as { client_id: string }).client_id;
    const listed = JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[];
    expect(listed.find((c) => c.clientId === clientId)).toMatchObject({
      postLogoutRedirectUris: ['https://planner.local/bye', 'http://192.168.1.20/bye'],
      backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel',
    });
    const table = lanyard(['client', 'list']).stdout;
    expect(table).toMatch(/POST_LOGOUT\s+BACKCHANNEL/);
    expect(table).toContain('https://planner.local/bye,http://192.168.1.20/bye');
    expect(table).toContain('http://192.168.1.20:8080/backchannel');
  });

  it('refuses what the rules refuse, saying which flag\'s value is wrong and registering nothing', () => {
    const before = (JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[]).length;
    const fragment = lanyard(['client', 'add', '--name', 'Bad', '--grants', 'authorization_code', '--redirect-uri', 'https://bad.local/cb', '--post-logout-redirect-uri', 'https://bad.local/bye#x']);
    expect(fragment.code).not.toBe(0);
    expect(fragment.stderr).toMatch(/postLogoutRedirectUris.*without a fragment/);
    const service = lanyard(['client', 'add', '--name', 'Bad', '--grants', 'client_credentials', '--backchannel-logout-uri', 'https://bad.local/bc']);
    expect(service.code).not.toBe(0);
    expect(service.stderr).toMatch(/back-channel logout URI is for applications that sign users in through the browser/);
    expect((JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[]).length).toBe(before);
  });
});
