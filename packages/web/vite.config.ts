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
      '/api': 'http://localhost:3000',
    },
  },
});
