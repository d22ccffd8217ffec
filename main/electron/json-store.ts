// One small JSON file in the desktop app's profile folder, validated with zod on every read
// (a hand-edited or half-written file falls back to defaults, never crashes the app).
// `conf` writes atomically; unlike electron-store it registers no IPC listener of its own.
import Conf from 'conf';
import type { z } from 'zod';

export interface JsonStore<T> {
  read(): T;
  write(next: T): T;
  readonly path: string;
}

export function openJsonStore<S extends z.ZodType<Record<string, unknown>>>(dir: string, name: string, schema: S, defaults: z.infer<S>): JsonStore<z.infer<S>> {
  const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: name, clearInvalidConfig: true, projectVersion: '0' });
  const read = (): z.infer<S> => {
    const parsed = schema.safeParse({ ...defaults, ...conf.store });
    return parsed.success ? parsed.data : defaults;
  };
  return {
    read,
    write(next) {
      const valid = schema.parse(next);
      conf.store = valid;
      return valid;
    },
    path: conf.path,
  };
}
