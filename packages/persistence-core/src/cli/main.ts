#!/usr/bin/env node
// `quantum-state`: verify, inspect, restore, migrate, compact and key management for a state
// directory, and the demo agent. Exit codes: see exit-codes.ts and the README's CLI section.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { QuantumStateError } from '../errors.js';
import { defaultKeyringPath } from '../signing/keyring.js';
import type { Command, CommandInput, OptionSpec } from './command.js';
import { UsageError } from './command.js';
import { commands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { createOutput } from './output.js';

const SHARED_OPTIONS: OptionSpec = {
  dir: { type: 'string', short: 'd' },
  keyring: { type: 'string', short: 'k' },
  json: { type: 'boolean', default: false },
  progress: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

function usage(): string {
  const lines = commands.map((command) => `  ${command.usage.padEnd(58)} ${command.summary}`);
  return [
    'usage: quantum-state <command> [--dir DIR] [--keyring FILE] [--json] [--progress]',
    '',
    ...lines,
    '',
    'DIR defaults to $QUANTUM_STATE_DIR or ./state; FILE to $QUANTUM_KEYRING or ~/.config/quantum-state/keyring.json.',
    'Exit codes: 0 ok/healthy, 1 recovered from a backup or warnings, 2 unrecoverable or refused, 64 usage, 70 internal error.',
  ].join('\n');
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...SHARED_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  if (values['help'] === true) {
    process.stdout.write(`usage: quantum-state ${command.usage}\n${command.summary}\n`);
    return ExitCode.OK;
  }
  const json = values['json'] === true;
  const output = createOutput({ json, progress: values['progress'] === true || process.stderr.isTTY === true });
  const directory = resolve(typeof values['dir'] === 'string' ? values['dir'] : (process.env['QUANTUM_STATE_DIR'] ?? 'state'));
  const keyringPath = resolve(typeof values['keyring'] === 'string' ? values['keyring'] : defaultKeyringPath());
  return command.run({ shared: { directory, keyringPath, json }, values: values as CommandInput['values'], positionals, output });
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    process.stderr.write(`quantum-state: unknown command "${name}"\n${usage()}\n`);
    return ExitCode.USAGE;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`quantum-state ${name}: ${error.message}\nusage: quantum-state ${command.usage}\n`);
      return ExitCode.USAGE;
    }
    if (error instanceof QuantumStateError) {
      // The message names the file and the reason; never a key.
      process.stderr.write(`quantum-state ${name}: ${error.name}: ${error.message}\n`);
      return ExitCode.FAILED;
    }
    process.stderr.write(`quantum-state ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.INTERNAL;
  }
}

process.exitCode = await main(process.argv.slice(2));
