// Input for test/shared/untranslated.test.ts: literals its scan must find (and some it must not). Never imported.
/* eslint-disable */
// @ts-nocheck
export const probe = (
  <form>
    <button title="console.common.save">Save changes</button>
    <input aria-label="Search users" placeholder="sensors:read" />
    {notify({ message: `Deleted ${name}.`, color: 'teal' })}
  </form>
);
export const page = html`<h1 class="title">Sign in to continue</h1><input placeholder="e.g. ABCD" value="${value}">`;
