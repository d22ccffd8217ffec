// The HTTP status for each admin error code: one table for every HTTP surface (the console's
// API and the hub's protected API).
import type { AdminErrorCode } from '../../../shared/admin-contract.ts';

export const HTTP_STATUS: Readonly<Record<AdminErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  internal: 500,
};
