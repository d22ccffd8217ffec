// No user-visible sentence is written outside the catalogs: a scan, with the TypeScript parser,
// of the console (renderer/, JSX text and the attributes and fields people read) and of the
// hub's server-rendered pages (the static text of every html`` template under main/hub/).
// It fails with file:line and the literal, so a string added in English only is caught.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Attributes and object fields whose text a person reads or hears. */
const READ = new Set(['label', 'title', 'description', 'placeholder', 'aria-label', 'alt', 'confirmLabel', 'submitLabel', 'nothingFoundMessage', 'closeButtonLabel', 'message', 'hint', 'error']);
/** Not shipped, or not text: the dev-only fake hub, tests. */
const SKIP = [/\/dev-fake\//, /\.test\.tsx?$/, /\.d\.ts$/, /vite\.config\.ts$/];

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !SKIP.some((skip) => skip.test(path)));
}

/** Words a person reads: a letter pair, and a space or a capital (not "sensors:read", "x-small"). */
const words = (text: string) => /[A-Za-z]{2,}/.test(text) && (/\s/.test(text.trim()) || /^[A-Z][a-z]/.test(text.trim()));

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' … ');
  return undefined;
}

function scanConsole(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${JSON.stringify(text.replace(/\s+/g, ' ').trim())}`);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /[A-Za-z]{2,}/.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && READ.has(node.name.getText()) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const text = value && literalText(value);
      if (text && words(text)) report(node, text);
    }
    if (ts.isPropertyAssignment(node) && READ.has(node.name.getText())) {
      const text = literalText(node.initializer);
      if (text && words(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function scanPages(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'html') {
      const text = literalText(node.template) ?? '';
      const attributes = [...text.matchAll(/(?:placeholder|aria-label|title|alt)="([^"$]*[A-Za-z]{2,}[^"]*)"/g)].map((m) => m[1]);
      // Tags (and attribute fragments such as aria-invalid="true") are markup, not text.
      const content = text.replace(/<[^>]*>/g, ' ').replace(/[\w-]+="[^"]*"/g, ' ').replace(/&[a-z]+;/g, ' ');
      for (const literal of [...attributes, ...(/[A-Za-z]{2,}/.test(content) ? [content.replace(/\s+/g, ' ').trim()] : [])]) {
        found.push(`${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${JSON.stringify(literal)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no user-visible literal outside the catalogs', () => {
  it('in the console (renderer/)', () => {
    expect(files(join(ROOT, 'renderer'), /\.tsx?$/).flatMap(scanConsole)).toEqual([]);
  });

  it('in the hub pages (html`` templates under main/hub/)', () => {
    expect(files(join(ROOT, 'main/hub'), /\.ts$/).flatMap(scanPages)).toEqual([]);
  });

  it('finds what it is meant to find', () => {
    const probe = join(ROOT, 'test/shared/untranslated.probe.tsx');
    expect(scanConsole(probe).map((line) => line.replace(/^\S+ /, ''))).toEqual(['"Save changes"', '"Search users"', '"Deleted … ."']);
    expect(scanPages(probe).map((line) => line.replace(/^\S+ /, ''))).toEqual(['"e.g. ABCD"', '"Sign in to continue"']);
  });
});
