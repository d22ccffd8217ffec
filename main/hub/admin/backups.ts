// Admin operations on backups: thin handlers over the hub's BackupService (backup/service.ts),
// which owns the files, the schedule and restores.
import { join } from 'node:path';
import { BACKUPS_DIR } from '../backup/files.ts';
import type { AdminDeps, Handlers } from './app.ts';

export const backupHandlers = ({ backups }: AdminDeps) =>
  ({
    'backups.list': async () => ({ folder: join(backups.dataDir, BACKUPS_DIR), items: await backups.list(), status: backups.status() }),
    'backups.create': async ({ passphrase }, actor) => {
      const result = await backups.create({ kind: 'manual', passphrase, actor });
      return { backup: result.backup, sha256: result.sha256, carriesKeys: result.carriesKeys };
    },
    'backups.read': async ({ name, offset }) => {
      const { data, size } = await backups.read(name, offset);
      return { data: data.toString('base64'), size, done: offset + data.length >= size };
    },
    'backups.upload': (input, actor) => backups.upload({ ...input, data: Buffer.from(input.data, 'base64') }, actor),
    'backups.delete': async ({ name }, actor) => {
      await backups.delete(name, actor);
      return { deleted: true as const };
    },
    'backups.restore': async ({ name, passphrase }, actor) => {
      const staged = await backups.restore({ name, passphrase, actor });
      return { keys: staged.keys, unreadableAuthenticators: staged.unreadableAuthenticators, schemaVersion: staged.schemaVersion, restarting: true as const };
    },
  }) satisfies Partial<Handlers>;
