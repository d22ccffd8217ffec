// The role × scope matrix's state (and each role's "applications may give it" box): a ticked box
// shows at once and saves with roles.update; the box is disabled while it saves and goes back if
// the hub refuses. What the hub says wins: the optimistic ticks are dropped whenever the roles are
// read again.
import { useState } from 'react';
import type { AdminError, Role } from '../../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from '../../lib/api.tsx';

const cellOf = (role: string, scope: string) => `${role}\u0000${scope}`;
/** The "applications may give it" box's cell: no scope name contains a control character. */
const ASSIGNABLE = '\u0001assignable';

export function useRoleMatrix(roles: Role[] | undefined) {
  const api = useApi();
  /** Scopes shown for roles whose change is saving or just saved, valid for the roles list they were made on. */
  const [overrides, setOverrides] = useState<{ on: Role[] | undefined; scopes: Record<string, string[]> }>({ on: undefined, scopes: {} });
  const [assignables, setAssignables] = useState<{ on: Role[] | undefined; values: Record<string, boolean> }>({ on: undefined, values: {} });
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<AdminError | null>(null);
  const current = overrides.on === roles ? overrides.scopes : {};
  const scopesOf = (role: Role) => current[role.name] ?? role.scopes;
  const assignableOf = (role: Role) => (assignables.on === roles ? assignables.values[role.name] : undefined) ?? role.assignable;
  const showAssignable = (role: string, value: boolean) =>
    setAssignables((a) => ({ on: roles, values: { ...(a.on === roles ? a.values : {}), [role]: value } }));
  const show = (role: string, scopes: string[]) => setOverrides((o) => ({ on: roles, scopes: { ...(o.on === roles ? o.scopes : {}), [role]: scopes } }));
  const mark = (cell: string, busy: boolean) =>
    setSaving((s) => {
      const next = new Set(s);
      if (busy) next.add(cell);
      else next.delete(cell);
      return next;
    });

  const toggle = async (role: Role, scope: string, on: boolean) => {
    const cell = cellOf(role.name, scope);
    const before = scopesOf(role);
    const after = on ? [...before, scope] : before.filter((s) => s !== scope);
    setError(null);
    show(role.name, after);
    mark(cell, true);
    try {
      const updated = await callOrThrow(api, 'roles.update', { name: role.name, scopes: after });
      show(role.name, updated.scopes);
    } catch (cause) {
      show(role.name, before);
      setError(toAdminError(cause));
    } finally {
      mark(cell, false);
    }
  };

  const setAssignable = async (role: Role, on: boolean) => {
    const cell = cellOf(role.name, ASSIGNABLE);
    const before = assignableOf(role);
    setError(null);
    showAssignable(role.name, on);
    mark(cell, true);
    try {
      const updated = await callOrThrow(api, 'roles.update', { name: role.name, assignable: on });
      showAssignable(role.name, updated.assignable);
    } catch (cause) {
      showAssignable(role.name, before);
      setError(toAdminError(cause));
    } finally {
      mark(cell, false);
    }
  };

  return { scopesOf, assignableOf, setAssignable, isSaving: (role: Role, scope: string) => saving.has(cellOf(role.name, scope)), isSavingAssignable: (role: Role) => saving.has(cellOf(role.name, ASSIGNABLE)), toggle, error, clearError: () => setError(null) };
}
