// A row action that asks first ("Delete…", "Revoke all…", "Deny…"): which item the
// confirmation is open for, and the operation it runs on that item when confirmed.
import type { OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { useDialog } from './dialog.ts';
import { useMutation } from './mutation.ts';

export function useConfirmedAction<K extends OperationName, T>(
  operation: K,
  input: (item: T) => OperationInput<K>,
  /** Called after the operation succeeded, with the item it ran on; the confirmation closes. */
  done: (result: OperationOutput<K>, item: T) => void,
) {
  const mutation = useMutation(operation);
  const dialog = useDialog<T>();
  const { target } = dialog;
  return {
    /** The item the confirmation is (or was last) open for. */
    target,
    /** Opens the confirmation for `item`, without the error of the last attempt. */
    ask: (item: T) => {
      mutation.reset();
      dialog.open(item);
    },
    /** The props ConfirmModal and TypedConfirmModal take from it. */
    modal: {
      opened: dialog.opened,
      loading: mutation.loading,
      error: mutation.error,
      onClose: dialog.close,
      onConfirm: async () => {
        if (!target) return;
        const result = await mutation.run(input(target));
        if (result) {
          done(result, target);
          dialog.close();
        }
      },
    },
  };
}
