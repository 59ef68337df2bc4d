// End-to-end suite: the release build in dist/, served on 127.0.0.1, driven in
// Debian's Chromium. Playwright never downloads a browser here.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8091);
export const SUBPATH_BUILD = `${__dirname}/../../target/e2e-subpath/transcript-explorer`;

export default defineConfig({
  testDir: '.',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // As root Chromium needs --no-sandbox; the rest keep it off a network it cannot reach.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ../../dist`,
      url: `http://127.0.0.1:${port}/index.html`,
      reuseExistingServer: false,
      // The request log is noise; a server that fails to start shows up as a timeout on `url`.
      stderr: 'ignore',
      timeout: 20_000,
    },
    // The build made with PUBLIC_URL=/transcript-explorer/ (./x test makes it
    // in target/e2e-subpath/transcript-explorer), served below that path on
    // the next port, as GitHub Pages serves it (subpath.spec.ts).
    ...(existsSync(SUBPATH_BUILD)
      ? [
          {
            command: `python3 -m http.server ${port + 1} --bind 127.0.0.1 --directory ${SUBPATH_BUILD}/..`,
            url: `http://127.0.0.1:${port + 1}/transcript-explorer/index.html`,
            reuseExistingServer: false,
            stderr: 'ignore' as const,
            timeout: 20_000,
          },
        ]
      : []),
  ],
});
