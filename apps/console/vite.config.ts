/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CONSOLE_CSP } from '../../libs/contracts/src/csp';

const root = fileURLToPath(new URL('.', import.meta.url));
const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));

/**
 * Vendor chunks. Vite 8 bundles with Rolldown, where `output.codeSplitting.groups` is the
 * supported form of Rollup's `manualChunks` (kept by Rolldown only as a deprecated alias).
 * Groups are taken in priority order and each takes its modules' dependencies too, so the
 * lowest layers go first (react, then MUI, then react-admin); recharts is only imported by the
 * lazily loaded dashboard, so its chunk loads with that page.
 */
const vendorChunks = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 50 },
  { name: 'mui', test: /node_modules[\\/](@mui[\\/](material|system|utils|styled-engine|private-theming|core-downloads-tracker)|@emotion|@popperjs|react-transition-group)[\\/]/, priority: 40 },
  { name: 'mui-icons', test: /node_modules[\\/]@mui[\\/]icons-material[\\/]/, priority: 35 },
  { name: 'react-admin', test: /node_modules[\\/](react-admin|ra-[^\\/]+|react-hook-form|@tanstack|react-router|react-router-dom)[\\/]/, priority: 30 },
  { name: 'recharts', test: /node_modules[\\/](recharts|victory-vendor|d3-[^\\/]+|@reduxjs|react-redux)[\\/]/, priority: 20 },
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@sentinel/contracts': contracts },
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  // The built console under `vite preview` carries the production CSP (the API's static handler sends the same). The dev
  // server does not: React Fast Refresh injects an inline preamble script there.
  preview: {
    host: '127.0.0.1',
    port: 4300,
    headers: { 'Content-Security-Policy': CONSOLE_CSP },
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorChunks },
      },
    },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
