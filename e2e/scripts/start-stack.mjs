// webServer of the e2e suite: the built console server with its demo agent on a fresh temporary
// state directory, key file and token file, and an s3rver bucket the server's own replicator
// copies the demo's generations to (QUANTUM_S3_BUCKET, as `npm start` does), a second
// installation `desk-2` (a directory seeded once by the CLI's demo agent, its own key file), and
// `desk-2-bucket`: desk-2 replicated once to the bucket, served read-only from there. Writes the two tokens
// to QSC_E2E_DIR/tokens.json for the fixtures, and removes the whole temporary directory when
// Playwright stops it.

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
  [join(repo, 'packages/replication/dist/cli/main.js'), 'replication (CLI)'],
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

// The second installation: seeded once (a restart keeps it), smaller and differently seeded.
const desk2Directory = join(root, 'desk-2');
const desk2Keyring = join(configDirectory, 'desk-2-keyring.json');
if (!existsSync(desk2Directory)) {
  const cli = join(repo, 'packages/persistence-core/dist/cli/main.js');
  execFileSync(process.execPath, [cli, 'keys', 'create', '--keyring', desk2Keyring], { stdio: 'ignore' });
  execFileSync(process.execPath, [cli, 'demo', '--dir', desk2Directory, '--keyring', desk2Keyring, '--seed', '42', '--q-entries', '500', '--duration-s', '2'], { stdio: 'ignore' });
}

/** s3rver in its own process (see s3rver.mjs for the flag); resolves with its port. */
async function startS3rver() {
  const s3 = spawn(process.execPath, ['--openssl-legacy-provider', join(repo, 'e2e/scripts/s3rver.mjs'), join(root, 's3'), S3_BUCKET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolvePort, reject) => {
    s3.stdout.setEncoding('utf8').on('data', (text) => {
      const match = /s3rver listening on (\d+)/.exec(text);
      if (match) resolvePort(match[1]);
    });
    s3.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening`)));
  });
  return { s3, port };
}

const S3_BUCKET = 'qsc-e2e';
mkdirSync(join(root, 's3'), { recursive: true });
const { s3, port: s3Port } = await startS3rver();
const replicationEnv = {
  QUANTUM_S3_BUCKET: S3_BUCKET,
  QUANTUM_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
  QUANTUM_INSTALLATION: 'e2e-demo',
  AWS_REGION: 'us-east-1',
  // s3rver accepts only this key pair.
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
};

// desk-2's SaveAll cut in the bucket (one pass of the replication CLI), for the bucket installation.
if (!existsSync(join(desk2Directory, 'ProjectQuantum_Replication.cursor.json'))) {
  const replicate = join(repo, 'packages/replication/dist/cli/main.js');
  execFileSync(process.execPath, [replicate, 'once', '--dir', desk2Directory, '--keyring', desk2Keyring, '--installation', 'desk-2'], { stdio: 'ignore', env: { ...process.env, ...replicationEnv } });
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
    '--installation', `desk-2=${desk2Directory},key=${desk2Keyring}`,
    '--remote-installation', `desk-2-bucket=desk-2,key=${desk2Keyring}`,
    '--web-root', webRoot,
    // One browser on one address: the per-client limit is for the wild, not for the suite.
    '--rate-limit', '1000000',
    '--log-level', process.env.QSC_E2E_LOG_LEVEL ?? 'warn',
  ],
  { stdio: 'inherit', env: { ...process.env, ...replicationEnv } },
);

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
};
process.on('exit', () => s3.kill('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', async (code, signal) => {
  s3.kill('SIGTERM');
  await new Promise((resolveExit) => (s3.exitCode !== null || s3.signalCode !== null ? resolveExit() : s3.once('exit', resolveExit)));
  if (!process.env.QSC_E2E_KEEP) rmSync(root, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
