// pretest: the e2e suite runs in Debian's Chromium. Install it when missing and we may (root), else say how.

import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const chromium = process.env.QSC_CHROMIUM ?? '/usr/bin/chromium';

if (existsSync(chromium)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `e2e: ${chromium} is missing. Install Debian's Chromium first (as root: apt-get update && apt-get install -y chromium), ` +
      'or point QSC_CHROMIUM at a Chromium binary.',
  );
  process.exit(1);
}

console.error(`e2e: ${chromium} is missing; installing Debian's chromium package…`);
try {
  execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
} catch {
  console.error('e2e: apt-get install chromium failed; install it by hand and run the tests again.');
  process.exit(1);
}
if (!existsSync(chromium)) {
  console.error(`e2e: chromium was installed but ${chromium} still does not exist.`);
  process.exit(1);
}
