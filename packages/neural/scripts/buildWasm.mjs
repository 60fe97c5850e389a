// Assembles src/kernels/*.wat into src/kernels/<name>Wasm.ts (the bytes as base64), so the published package needs
// no assembler and no .wasm file loading. Run after editing a .wat file: `pnpm --filter @bot/neural build:wasm`.
// src/kernels/wasmKernels.test.ts fails when a generated file is out of date.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'kernels');

/** The generated TypeScript module for one .wat source. */
export async function generatedModule(watFile) {
  const wabt = await wabtInit();
  const source = readFileSync(path.join(dir, watFile), 'utf8');
  const mod = wabt.parseWat(watFile, source, { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  const name = path.basename(watFile, '.wat');
  return [
    `// Generated from ${watFile} by scripts/buildWasm.mjs; do not edit.`,
    `/** WebAssembly binary of \`${watFile}\`, base64. */`,
    `export const ${name}WasmBase64 =`,
    `  '${Buffer.from(buffer).toString('base64')}';`,
    '',
  ].join('\n');
}

/** The .wat sources with their generated file names. */
export function kernelSources() {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.wat'))
    .map((f) => ({ wat: f, ts: `${path.basename(f, '.wat')}Wasm.ts` }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --check: exit 1 when a generated file differs from what its .wat assembles to (used by the tests).
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { wat, ts } of kernelSources()) {
    const text = await generatedModule(wat);
    const file = path.join(dir, ts);
    if (!check) {
      writeFileSync(file, text);
      console.log(`src/kernels/${ts} <- ${wat}`);
    } else if (readFileSync(file, 'utf8') !== text) {
      console.error(`src/kernels/${ts} is out of date with ${wat}: run \`pnpm --filter @bot/neural build:wasm\``);
      stale++;
    }
  }
  process.exitCode = stale === 0 ? 0 : 1;
}
