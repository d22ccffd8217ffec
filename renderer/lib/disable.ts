// Enabling or disabling an application or a user from its row menu: the update runs with its
// progress in a notification (a menu has no button to spin), then the list reloads.
import type { OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { withProgress } from '../components/progress.ts';
import { useMutation } from './mutation.ts';
import { i18n } from './i18n.ts';

export function useDisableToggle<K extends OperationName, T extends { disabled: boolean }>(
  operation: K,
  describe: {
    name: (item: T) => string;
    input: (item: T, disabled: boolean) => OperationInput<K>;
    /** What the notification says once it worked. */
    done: (result: OperationOutput<K>) => string;
  },
  reload: () => void,
) {
  const update = useMutation(operation);
  const toggle = async (item: T) => {
    const result = await withProgress(i18n.t(item.disabled ? 'console.common.enabling' : 'console.common.disabling', { name: describe.name(item) }), () => update.run(describe.input(item, !item.disabled)), describe.done);
    if (result) reload();
  };
  return { toggle, error: update.error, reset: update.reset };
}
