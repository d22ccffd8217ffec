// `lanyard discover` as people run it: its help, its --timeout check, and JSON on this machine's
// network. Finding a real hub is tested on a network made for it (test/hub/mdns/network.test.ts).
import { describe, expect, it } from 'vitest';
import { lanyard } from '../../support/cli.ts';

describe('lanyard discover', () => {
  it('is listed in the help, with --timeout and --json', () => {
    expect(lanyard(['--help']).stdout).toMatch(/discover \[options\]\s+list the Lanyard hubs on the local network/);
    const help = lanyard(['discover', '--help']).stdout;
    expect(help).toContain('--timeout <duration>');
    expect(help).toContain('--json');
  });

  it.each(['0s', '61s', '2m', '1.5s', 'soon'])('refuses --timeout %s and says what to type', (timeout) => {
    const result = lanyard(['discover', '--timeout', timeout]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout must be from 1s to 60s, e.g. 3s.');
  });

  it('prints a JSON list of what answered here (no hub is started, so none of ours)', () => {
    const result = lanyard(['discover', '--timeout', '1s', '--json']);
    if (result.code !== 0) {
      expect(result.stderr).toMatch(/no LAN to search|Could not use multicast DNS/); // a machine without a network
      return;
    }
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });
});
