// Which module bin/lanyard.js runs. Plain JavaScript, like the bin itself.
import { readFileSync, statSync } from 'node:fs';

/**
 * The command as built (dist/cli/lanyard.mjs, by `npm run build` and `npm install`) while every
 * file it was built from, and the bundle itself, has the size and mtime dist/cli/inputs.json
 * recorded (scripts/build-cli.mjs); else the TypeScript sources, which Node runs by stripping
 * their types (a checkout being edited, updated, or copied over). Exact equality, not "older
 * than the bundle": a file copied in with its old mtime, or a clock set back, is a change too.
 * The bundle starts in about half the time and idles in ~12 MB less memory.
 * @param {URL} root the package's directory (ends in '/')
 * @returns {URL}
 */
export function cliModule(root) {
  return new URL(MODULES[checkedChoice(root)], root);
}

/** The module each choice runs. */
const MODULES = { bundle: 'dist/cli/lanyard.mjs', sources: 'main/cli/main.ts' };

/**
 * cliModule's choice as a word another process can be handed ('bundle' or 'sources'): `serve`
 * checks before it replaces itself (bin/lanyard.js) and passes the word on, so the hub's own
 * process never runs the check. Reading the manifest and stat-ing its ~400 files touches code
 * of the node binary that the hub never uses again: +5 MB of its resident pages, for good.
 * @param {URL} root
 * @returns {'bundle' | 'sources'}
 */
export function checkedChoice(root) {
  try {
    const { files } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    const entries = Object.entries(files);
    const unchanged = ([file, [mtimeMs, size]]) => {
      const now = statSync(new URL(file, root));
      return now.mtimeMs === mtimeMs && now.size === size;
    };
    if (entries.length > 0 && entries.every(unchanged)) return 'bundle';
  } catch {
    // Not built, or a file it was built from is gone: the sources are the truth.
  }
  return 'sources';
}

/**
 * The module a word from checkedChoice names; anything else (none, a stray value) is checked here.
 * @param {URL} root
 * @param {string | undefined} choice
 * @returns {URL}
 */
export function cliModuleFor(root, choice) {
  return choice === 'bundle' || choice === 'sources' ? new URL(MODULES[choice], root) : cliModule(root);
}
