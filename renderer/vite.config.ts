// The operator console's build. Root is renderer/; output dist/renderer/.
//
// base './': asset URLs are relative, so the same build works at
//   - http(s)://<hub>/console/   (served by the hub; the page URL must end in "/console/",
//                                 the hub should redirect "/console" to "/console/")
//   - app://console/             (served by the Electron shell)
// Screens are addressed by the URL hash (#/applications), so no server-side routing is needed.
//
// `vite build --mode fake` builds the test-only entry dev-fake.html (the app mounted on the
// in-memory fake AdminApi) into dist/renderer-fake/; it is never part of the shipped build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here('.'),
  base: './',
  plugins: [react()],
  resolve: { alias: { '@shared': here('../shared') } },
  build: {
    outDir: here(mode === 'fake' ? '../dist/renderer-fake' : '../dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: mode === 'fake' ? { 'dev-fake': here('dev-fake.html') } : { index: here('index.html') },
    },
  },
}));
