#!/usr/bin/env node
// Finds a Chromium for the browser tests. On a machine without one it installs
// Debian's `chromium` package when it can (root with apt-get); otherwise it
// stops and says what to install. It never downloads a browser build of its own.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found) {
  console.log(`chromium: ${found}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log('chromium: not found; installing Debian\'s chromium package with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  const installed = findChromium();
  if (installed) {
    console.log(`chromium: ${installed}`);
    process.exit(0);
  }
}

console.error(
  [
    'The browser tests need Chromium and none was found.',
    'Install Debian\'s package:   sudo apt-get install chromium',
    'or point CHROMIUM_PATH at a Chromium or Chrome binary:   CHROMIUM_PATH=/path/to/chrome npm test',
    'Podlab never downloads a browser of its own.',
  ].join('\n'),
);
process.exit(1);
