#!/usr/bin/env node
// Entry point of the `lanyard` command. Plain JavaScript so that it can explain itself
// on the wrong Node before any TypeScript is loaded.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`lanyard: Node ${process.versions.node} is too old; Lanyard needs Node 24. In a checkout, run "npm install" and then "npx lanyard …" (npx uses the project's own Node 24).`);
  process.exit(1);
}
const { main } = await import('../main/cli/main.ts');
await main(process.argv);
