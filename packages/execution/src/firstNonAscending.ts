/**
 * The strict-order check of a bar series' times, done in a tiny WebAssembly function.
 *
 * Why not a plain loop: the kernel checks every series before a run, and a backtest process runs it once, cold. A
 * JavaScript loop over 10^6 times then runs in the interpreter and baseline code until an optimised version is
 * compiled on the background thread, which is often still busy with the code the process just loaded: the check of
 * a 1M-bar series measured 5-21 ms that way, against about 2 ms here (WebAssembly is compiled before it runs).
 * The times are copied into the module's memory in 64 KiB chunks (one page; no large allocation).
 */

// (func (export "f") (param $n i32) (result i32) (local $i i32) (local $prev f64) (local $t f64)
//   (local.set $i (i32.const 1))
//   (local.set $prev (f64.load (i32.const 0)))
//   (block (loop
//     (br_if 1 (i32.ge_s (local.get $i) (local.get $n)))
//     (local.tee $t (f64.load (i32.shl (local.get $i) (i32.const 3))))
//     (if (i32.eqz (f64.gt (local.get $t) (local.get $prev))) (then (return (local.get $i))))   ;; NaN is out of order
//     (local.set $prev (local.get $t))
//     (local.set $i (i32.add (local.get $i) (i32.const 1)))
//     (br 0)))
//   (i32.const -1))
// (memory (export "mem") 1)
const BODY = [
  0x02, 0x01, 0x7f, 0x02, 0x7c, // locals: 1 x i32, 2 x f64
  0x41, 0x01, 0x21, 0x01, // i = 1
  0x41, 0x00, 0x2b, 0x03, 0x00, 0x21, 0x02, // prev = f64.load(0)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x01, 0x20, 0x00, 0x4e, 0x0d, 0x01, // br_if 1 (i >= n)
  0x20, 0x01, 0x41, 0x03, 0x74, 0x2b, 0x03, 0x00, 0x22, 0x03, // t = f64.load(i << 3)
  0x20, 0x02, 0x64, 0x45, 0x04, 0x40, 0x20, 0x01, 0x0f, 0x0b, // if !(t > prev) return i
  0x20, 0x03, 0x21, 0x02, // prev = t
  0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, // i++
  0x0c, 0x00, 0x0b, 0x0b, // br 0; end loop; end block
  0x41, 0x7f, 0x0b, // -1; end
];
const MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type section: (i32) -> i32
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, 1 page
  0x07, 0x0b, 0x02, 0x01, 0x66, 0x00, 0x00, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, // exports "f" and "mem"
  0x0a, BODY.length + 2, 0x01, BODY.length, ...BODY, // code section
];

/** Doubles per chunk: one 64 KiB page. */
const CHUNK = 8192;

interface Checker {
  readonly check: (n: number) => number;
  readonly view: Float64Array;
}

/** The part of the WebAssembly API used here (the library's type setup has no DOM or WebAssembly types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

let checker: Checker | null | undefined;

function wasmChecker(): Checker | null {
  if (checker === undefined) {
    checker = null; // no WebAssembly here (e.g. node --jitless): the plain loop does the work
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm !== undefined) {
      try {
        const { exports } = new wasm.Instance(new wasm.Module(new Uint8Array(MODULE)));
        const memory = exports['mem'] as { readonly buffer: ArrayBuffer };
        checker = { check: exports['f'] as (n: number) => number, view: new Float64Array(memory.buffer, 0, CHUNK) };
      } catch {
        // compiling is refused (a locked-down runtime): the plain loop does the work
      }
    }
  }
  return checker;
}

/** @internal Which implementation {@link firstNonAscending} uses for a `Float64Array` here. */
export function firstNonAscendingEngine(): 'wasm' | 'loop' {
  return wasmChecker() === null ? 'loop' : 'wasm';
}

function plainLoop(times: ArrayLike<number>, from: number, to: number): number {
  for (let i = from; i < to; i++) if (!(times[i]! > times[i - 1]!)) return i;
  return -1;
}

/**
 * Index of the first of `times[0..n)` that is not strictly greater than the one before it (a NaN never is), or -1
 * when the times strictly ascend. Same answer as the plain loop
 * `for (i = 1; i < n; i++) if (!(times[i] > times[i - 1])) return i`, which it falls back to for arrays that are
 * not a `Float64Array` and where WebAssembly is unavailable.
 *
 * @example
 * ```ts
 * firstNonAscending(new Float64Array([1, 2, 2, 3])); // 2
 * ```
 */
export function firstNonAscending(times: ArrayLike<number>, n: number = times.length): number {
  const w = times instanceof Float64Array ? wasmChecker() : null;
  if (w === null) return plainLoop(times, 1, n);
  const view = w.view;
  // chunks overlap by one time, so every neighbouring pair is compared once
  for (let from = 0; from < n - 1; from += CHUNK - 1) {
    const to = Math.min(n, from + CHUNK);
    view.set((times as Float64Array).subarray(from, to));
    const bad = w.check(to - from);
    if (bad >= 0) return from + bad;
  }
  return -1;
}
