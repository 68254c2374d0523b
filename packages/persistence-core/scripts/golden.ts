// Regenerates the golden vectors in test/golden/ (npm run golden). Commit the result only
// when a format or schema change is intended: the vectors are the interoperability contract.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { componentCodecs } from '../src/components/registry.js';
import { GOLDEN_DIRECTORY, GOLDEN_KEY, goldenBytes, goldenFileName, legacyGoldenFiles } from '../test/golden/vectors.js';

const files: Record<string, Uint8Array> = { ...legacyGoldenFiles() };
for (const codec of componentCodecs) files[goldenFileName(codec.name)] = goldenBytes(codec);

for (const [name, bytes] of Object.entries(files)) {
  await writeFile(join(GOLDEN_DIRECTORY, name), bytes);
  console.log(`${name.padEnd(26)} ${String(bytes.byteLength).padStart(6)} bytes`);
}
console.log(`key fingerprint ${GOLDEN_KEY.fingerprintHex}`);
