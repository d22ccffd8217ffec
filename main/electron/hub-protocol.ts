// The message protocol between the Electron main process and the hub's utility process.
// Both sides validate what they receive with these schemas; nothing here imports electron.
//
//   parent → child: start (once), request {id, op, input}, shutdown
//   child → parent: ready {url, issuer} | fatal {message, retry}, response {id, result}, event {event}
import { z } from 'zod';
import { AdminError, HubEvent, OPERATION_NAMES, type AdminResult, type OperationName } from '../../shared/admin-contract.ts';
import { HubStartOptions } from '../hub/options.ts';

export const OperationNameSchema = z.enum(OPERATION_NAMES as [OperationName, ...OperationName[]]);

export const AdminResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AdminError }),
]);

export const ParentMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), options: HubStartOptions }),
  z.object({ kind: z.literal('request'), id: z.int().nonnegative(), op: OperationNameSchema, input: z.unknown() }),
  z.object({ kind: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof ParentMessage>;

export const ChildMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), url: z.string(), issuer: z.string() }),
  // `retry: false` when starting again would fail the same way (a refused setting, a bad
  // certificate, an unwritable folder); the supervisor then stops at `failed` at once.
  z.object({ kind: z.literal('fatal'), message: z.string(), retry: z.boolean() }),
  z.object({ kind: z.literal('response'), id: z.int().nonnegative(), result: AdminResultSchema }),
  z.object({ kind: z.literal('event'), event: HubEvent }),
]);
export type ChildMessage = z.infer<typeof ChildMessage>;

/**
 * The exit code of a hub child that stops so the hub starts again on a restore the console
 * staged (EX_TEMPFAIL): the supervisor starts a new child at once, whose hub swaps the restored
 * database in before it opens it.
 */
export const RESTART_FOR_RESTORE = 75;

export const internalError = (message: string): AdminResult<never> => ({ ok: false, error: { code: 'internal', message } });

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
