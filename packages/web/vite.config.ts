import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at / with an SPA fallback; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      // ws: the inbox's realtime feed is a WebSocket under /api/v1/realtime.
      '/api': { target: 'http://localhost:3000', ws: true },
      '/widget.js': 'http://localhost:3000',
      '/demo': 'http://localhost:3000',
    },
  },
});
