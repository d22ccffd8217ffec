// The operator console's build. Root is renderer/; output dist/renderer/.
//
// base './': asset URLs are relative, so the same build works at
//   - http(s)://<hub>/console/   (served by the hub; the page URL must end in "/console/",
//                                 the hub should redirect "/console" to "/console/")
//   - app://console/             (served by the Electron shell)
// Screens are addressed by the URL hash (#/applications), so no server-side routing is needed.
//
// `--mode fake` (`npm run dev:renderer-fake`, `npm run build:renderer-fake` into
// dist/renderer-fake/) serves the same index.html with the dev-only entry dev-fake/main.tsx: the
// app on an in-memory fake AdminApi with demo data. It is never part of the shipped build.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** index.html with the fake hub's entry and title instead of the shipped ones. */
const fakeEntry = (): Plugin => ({
  name: 'lanyard-fake-entry',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) => html.replace('src="./main.tsx"', 'src="./dev-fake/main.tsx"').replace('<title>Lanyard console</title>', '<title>Lanyard console (fake hub)</title>'),
  },
});

export default defineConfig(({ mode }) => ({
  root: here('.'),
  base: './',
  plugins: mode === 'fake' ? [react(), fakeEntry()] : [react()],
  resolve: { alias: { '@shared': here('../shared') } },
  build: {
    outDir: here(mode === 'fake' ? '../dist/renderer-fake' : '../dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { input: { index: here('index.html') } },
  },
}));
