import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Runs against a stack that is already up (make test starts one behind the gateway).
// Chromium comes from the system's package manager, not from a Playwright download:
// CHROMIUM_PATH (test.sh sets it from where bootstrap.sh found it), else Debian's
// /usr/bin/chromium, else Ubuntu's chromium-browser (or its snap).
const chromium =
  process.env.CHROMIUM_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'].find((path) => existsSync(path)) ||
  '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
