// The whole `lanyard` command, built in process: every command says what it does, has --help, and
// every command that acts has --json (and --data when it opens a data directory), so no noun
// added later can forget them.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../main/cli/main.ts';

/** Commands that act on the whole hub, without subcommands. */
const VERBS_ALONE = ['serve', 'discover', 'backup', 'restore', 'export', 'import'];
/** Commands that never open a data directory: `discover` only listens on the network. */
const WITHOUT_DATA = ['discover'];

/** Every command under `command`, with its full name ("client add"). */
function walk(command: Command, prefix: string[] = []): { name: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [{ name: path.join(' '), command: sub }, ...walk(sub, path)];
  });
}

describe('the lanyard command', () => {
  const all = walk(createProgram());

  it('has the nouns of the CLI, each with subcommands, and the verbs that act on the whole hub', () => {
    expect(createProgram().commands.map((c) => c.name())).toEqual(expect.arrayContaining([...VERBS_ALONE, 'role', 'user', 'client', 'token', 'cert', 'keys']));
    for (const noun of createProgram().commands.filter((c) => !VERBS_ALONE.includes(c.name()))) expect(noun.commands.length, noun.name()).toBeGreaterThan(0);
  });

  it('describes every command and gives every one --help', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const { name, command } of all) {
      expect(command.description(), name).not.toBe('');
      expect(command.helpInformation(), name).toMatch(new RegExp(`^Usage: lanyard ${name} `));
      expect(command.helpInformation(), name).toContain('-h, --help');
    }
  });

  it('gives every command that acts --json, and --data unless it never opens a data directory', () => {
    const leaves = all.filter(({ command }) => command.commands.length === 0);
    for (const { name, command } of leaves) {
      const flags = command.options.map((option) => option.long);
      expect(flags, name).toEqual(expect.arrayContaining(WITHOUT_DATA.includes(name) ? ['--json'] : ['--data', '--json']));
    }
  });
});
