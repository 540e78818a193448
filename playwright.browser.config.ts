import { defineConfig } from '@playwright/test';

/**
 * Real-browser tests of the editors: Debian's Chromium against a page that mounts the real
 * editors (tests/browser/page), from the sources and from the built dist/module.js, served by
 * cmd/devhost, which stands in for Grafana and calls the compiled plugin backend and the SCP
 * simulator. Loopback only; run with `npm run test:browser` (it builds the plugin and the page).
 */
const port = Number(process.env.DEVHOST_PORT ?? 3789);

export default defineConfig({
  testDir: './tests/browser',
  outputDir: './test-results/browser',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `go run ./cmd/devhost -addr 127.0.0.1:${port} -static tests/browser/page/dist -plugin-dist dist -plugin-log test-results/devhost.log`,
    url: `http://127.0.0.1:${port}/api/health`,
    // The first run compiles devhost and the plugin.
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
