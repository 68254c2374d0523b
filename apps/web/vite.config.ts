// Vite build of the console into dist/ (served by the Fastify server); in dev, /api goes to the server
// (its default port 4317; QSC_SERVER_URL points elsewhere).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = process.env.QSC_SERVER_URL ?? 'http://127.0.0.1:4317';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': { target: serverUrl, changeOrigin: false } } },
});
