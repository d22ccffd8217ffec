// Types for bin/cli-module.js (imported by test/cli/bundle.test.ts).
/** dist/cli/lanyard.mjs under `root` while it matches the sources it was built from, else main/cli/main.ts. */
export function cliModule(root: URL): URL;
