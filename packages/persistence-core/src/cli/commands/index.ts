// Every subcommand of `quantum-state`, in the order the usage lists them.

import type { Command } from '../command.js';
import { compactCommand } from './compact.js';
import { demoCommand } from './demo.js';
import { pinCommand } from '../../guard/pin-command.js';
import { inspectCommand } from './inspect.js';
import { keysCommand } from './keys.js';
import { migrateCommand } from './migrate.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

export const commands: readonly Command[] = [verifyCommand, inspectCommand, restoreCommand, pinCommand, migrateCommand, compactCommand, keysCommand, demoCommand];
