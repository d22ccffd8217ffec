// Lanyard runs on Node 24 (the Node Electron 45 bundles). npm scripts resolve `node`
// to the project's own Node 24 from node_modules/.bin; this guard catches a stray one.
const [major] = process.versions.node.split('.').map(Number);
if (major !== 24) {
  console.error(`Lanyard needs Node 24 but this is Node ${process.versions.node}. Run "npm install" first: it provisions Node 24 into node_modules/.bin, which npm scripts and npx use.`);
  process.exit(1);
}
