// Quick actions started from a menu, where no button can spin: a loading notification that
// turns into the result, in words.
import { notifications } from '@mantine/notifications';
import { i18n } from '../lib/i18n.ts';

let progressSeq = 0;

export async function withProgress<T>(working: string, run: () => Promise<T | undefined>, done: (value: T) => string, failed = i18n.t('console.common.failedSeePage')): Promise<T | undefined> {
  const id = `progress-${++progressSeq}`;
  notifications.show({ id, loading: true, message: working, autoClose: false, withCloseButton: false });
  const value = await run();
  notifications.update({ id, loading: false, color: value === undefined ? 'red' : 'teal', message: value === undefined ? failed : done(value), autoClose: 4000, withCloseButton: true });
  return value;
}
