// Types for bin/cli-module.js (imported by test/cli/bundle.test.ts).
/** dist/cli/lanyard.mjs under `root` while it matches the files it was built from (dist/cli/inputs.json), else main/cli/main.ts. */
export function cliModule(root: URL): URL;
