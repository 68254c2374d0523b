// webServer of the e2e suite: the built console server with its demo agent on a fresh temporary
// state directory, key file and token file. Writes the two tokens to QSC_E2E_DIR/tokens.json for
// the fixtures, and removes the whole temporary directory when Playwright stops it.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const root = process.env.QSC_E2E_DIR;
const port = process.env.QSC_E2E_PORT ?? '4319';
if (!root) throw new Error('QSC_E2E_DIR is not set: start the suite with `npm test` in e2e/');

const server = join(repo, 'apps/server/dist/server.js');
const webRoot = join(repo, 'apps/web/dist');
for (const [path, what] of [
  [server, 'the server'],
  [join(webRoot, 'index.html'), 'the web app'],
  [join(repo, 'packages/persistence-core/dist/cli/main.js'), 'persistence-core (demo agent)'],
]) {
  if (!existsSync(path)) {
    console.error(`e2e: ${what} is not built (${path} missing). Run \`npm run build\` at the repository root first.`);
    process.exit(1);
  }
}

const stateDirectory = join(root, 'state');
const configDirectory = join(root, 'config');
const tokensPath = join(configDirectory, 'console-tokens.json');
mkdirSync(stateDirectory, { recursive: true });
mkdirSync(configDirectory, { recursive: true, mode: 0o700 });

/** A fresh token through the server's own rotate-token command (it prints the token on its last line). */
function createToken(name, role) {
  const output = execFileSync(process.execPath, [server, 'rotate-token', name, '--role', role, '--tokens', tokensPath], { encoding: 'utf8' });
  const token = output.trim().split('\n').at(-1)?.trim() ?? '';
  if (!/^[A-Za-z0-9_-]{16,200}$/.test(token)) throw new Error(`rotate-token ${name} printed no token`);
  return token;
}

// A restart on the same directory (a test bringing the server back) keeps the tokens it has.
const tokensFile = join(root, 'tokens.json');
if (!existsSync(tokensFile)) {
  const tokens = { viewer: createToken('viewer', 'viewer'), operator: createToken('operator', 'operator') };
  writeFileSync(tokensFile, JSON.stringify(tokens), { mode: 0o600 });
}

const child = spawn(
  process.execPath,
  [
    server,
    '--host', '127.0.0.1',
    '--port', port,
    '--dir', stateDirectory,
    '--keyring', join(configDirectory, 'keyring.json'),
    '--demo',
    '--config-dir', configDirectory,
    '--tokens', tokensPath,
    '--web-root', webRoot,
    // One browser on one address: the per-client limit is for the wild, not for the suite.
    '--rate-limit', '1000000',
    '--log-level', process.env.QSC_E2E_LOG_LEVEL ?? 'warn',
  ],
  { stdio: 'inherit' },
);

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', (code, signal) => {
  if (!process.env.QSC_E2E_KEEP) rmSync(root, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
