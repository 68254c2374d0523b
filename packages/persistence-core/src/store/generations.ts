// The rotating generation chain of one component: current, .bak, .bak1, .bak2 (newest first).

import { join } from 'node:path';
import type { ComponentCodec } from '../components/codec.js';

export const GENERATIONS = ['current', 'bak', 'bak1', 'bak2'] as const;
export type GenerationName = (typeof GENERATIONS)[number];

const SUFFIX: Record<GenerationName, string> = { current: '', bak: '.bak', bak1: '.bak1', bak2: '.bak2' };

export function generationFile(fileName: string, generation: GenerationName): string {
  return fileName + SUFFIX[generation];
}

export function generationPath(directory: string, codec: Pick<ComponentCodec<unknown>, 'fileName'>, generation: GenerationName): string {
  return join(directory, generationFile(codec.fileName, generation));
}

export function isGenerationName(value: string): value is GenerationName {
  return (GENERATIONS as readonly string[]).includes(value);
}
