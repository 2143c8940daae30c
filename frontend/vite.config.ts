/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the built app (django-vite reads .vite/manifest.json): assets under /static/app/, hashed names.
// In development the Vite dev server serves the app and passes the API, admin and media through to Django.
const django = process.env.DJANGO_ORIGIN ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  base: process.env.NODE_ENV === "production" ? "/static/app/" : "/",
  build: {
    outDir: "dist",
    manifest: true,
    // No inline assets: the Content-Security-Policy allows neither data: scripts nor inline styles.
    assetsInlineLimit: 0,
    rollupOptions: { input: "src/main.tsx" },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": django,
      "/admin": django,
      "/media": django,
      "/static/admin": django,
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
