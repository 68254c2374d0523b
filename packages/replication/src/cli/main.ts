#!/usr/bin/env node
// `quantum-replicate`: replicate a state directory to an S3 bucket, show the lag, verify,
// apply retention, restore. Credentials: the standard AWS chain (AWS_ACCESS_KEY_ID, ...).
// Exit codes: 0 ok, 1 warnings (a failed verification, conflicts), 2 failed or refused, 64 usage.

import { parseArgs } from 'node:util';
import { QuantumStateError } from '@quantum/persistence-core';
import { commands } from './commands.js';
import type { Command } from './commands.js';
import { SHARED_OPTIONS, UsageError } from './options.js';
import type { Values } from './options.js';

function usage(): string {
  return [
    'usage: quantum-replicate <command> [--dir DIR] [--keyring FILE] [--bucket B] [--prefix P] [--installation I] [--endpoint URL] [--region R] [--json]',
    '',
    ...commands.map((command) => `  ${command.usage.padEnd(72)} ${command.summary}`),
    '',
    'Defaults: $QUANTUM_STATE_DIR or ./state; $QUANTUM_KEYRING or ~/.config/quantum-state/keyring.json;',
    '$QUANTUM_S3_BUCKET, $QUANTUM_S3_PREFIX (quantum), $QUANTUM_INSTALLATION, $QUANTUM_S3_ENDPOINT, $AWS_REGION (us-east-1).',
  ].join('\n');
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...SHARED_OPTIONS, ...command.options }, strict: true });
  if (values['help'] === true) {
    process.stdout.write(`usage: quantum-replicate ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  const json = values['json'] === true;
  return command.run({
    values: values as Values,
    print: (output) => process.stdout.write(json || !Array.isArray(output) ? `${JSON.stringify(output)}\n` : `${output.join('\n')}\n`),
  });
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    process.stderr.write(`${name === undefined ? '' : `quantum-replicate: unknown command "${name}"\n`}${usage()}\n`);
    return name === undefined || name === 'help' ? 0 : 64;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`quantum-replicate ${name}: ${error.message}\n`);
      return 64;
    }
    if (error instanceof QuantumStateError) {
      process.stderr.write(`quantum-replicate ${name}: ${error.name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

// Exit explicitly: a command is over when it returns (stdout and stderr are synchronous for
// files, pipes and terminals on Linux), and `run` keeps its signal listeners to the end.
main(process.argv.slice(2)).then((code) => process.exit(code));
