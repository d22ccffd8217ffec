// The `lanyard` command: the nouns (one module each in commands/) joined under one root; parse,
// run, and turn any failure into one line on stderr and an exit code. No business logic here.
// bin/lanyard.js calls main().
import { Command, CommanderError } from 'commander';
import { VERSION } from '../hub/version.ts';
import { CliError } from './output.ts';

/** Declares a noun and its subcommands on the root command. */
type Register = (root: Command) => void;

/** Every noun of `lanyard`, in --help order. A new noun is a module in commands/ and one line here. */
const NOUNS: Register[] = [
  (await import('./commands/serve.ts')).registerServe,
  (await import('./commands/role.ts')).registerRole,
  (await import('./commands/user.ts')).registerUser,
  (await import('./commands/client.ts')).registerClient,
  (await import('./commands/pairing.ts')).registerPairing,
  (await import('./commands/token.ts')).registerToken,
  (await import('./commands/cert.ts')).registerCert,
  (await import('./commands/backup.ts')).registerBackup,
  (await import('./commands/restore.ts')).registerRestore,
  (await import('./commands/export.ts')).registerExport,
  (await import('./commands/import.ts')).registerImport,
  (await import('./commands/discover.ts')).registerDiscover,
  (await import('./commands/keys.ts')).registerKeys,
];

/** The root command; the settings made here (errors thrown, not exited; output) reach every subcommand declared after. */
function createRoot(): Command {
  return new Command('lanyard')
    .description('Lanyard: an offline OAuth 2 hub for a home or building network.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(`lanyard: ${text.replace(/^error: /, '')}`) })
    .exitOverride();
}

/** The whole `lanyard` command, every noun declared. */
export function createProgram(): Command {
  const root = createRoot();
  for (const register of NOUNS) register(root);
  return root;
}

/** Runs `lanyard` with `argv` (process.argv's shape); sets process.exitCode, never exits itself. */
export async function main(argv: string[]): Promise<void> {
  const root = createProgram();
  try {
    await root.parseAsync(argv);
  } catch (error) {
    // Commander has already printed usage errors and help; exit 2 for misuse, 0 for --help/--version.
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`lanyard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}
