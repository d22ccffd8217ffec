// Types for bin/cli-module.js (imported by test/cli/bundle.test.ts).
/** dist/cli/lanyard.mjs under `root` while it matches the files it was built from (dist/cli/inputs.json), else main/cli/main.ts. */
export function cliModule(root: URL): URL;
/** cliModule's choice as a word another process can be handed. */
export function checkedChoice(root: URL): 'bundle' | 'sources';
/** The module a word from checkedChoice names; anything else is checked afresh. */
export function cliModuleFor(root: URL, choice: string | undefined): URL;
