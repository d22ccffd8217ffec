// Reading a backup passphrase: piped on standard input (scripts), or typed twice without echo.
import { MIN_PASSPHRASE } from '../hub/backup/container.ts';
import { CliError } from './output.ts';
import { readPasswordFromStdin } from './secret-input.ts';

export async function readNewPassphrase(): Promise<string> {
  const passphrase = await readPasswordFromStdin('Backup passphrase: ');
  if (passphrase.length < MIN_PASSPHRASE) throw new CliError(`A backup passphrase needs at least ${MIN_PASSPHRASE} characters; a long sentence is easy to remember and hard to guess.`);
  if (process.stdin.isTTY && (await readPasswordFromStdin('The same passphrase again: ')) !== passphrase) throw new CliError('The two passphrases differ; nothing was written.');
  return passphrase;
}

export async function readExistingPassphrase(file: string, given: boolean): Promise<string> {
  if (!given && !process.stdin.isTTY) throw new CliError(`${file} is encrypted: give its passphrase on standard input with --passphrase-stdin.`);
  return readPasswordFromStdin('Backup passphrase: ');
}
