import { BotError } from '@bot/core-types';
import type { JsonValue } from '@bot/core-types';

/**
 * Serialises a JSON value canonically, so that the same value always yields the same bytes (and the same hash).
 *
 * Convention (compatible with RFC 8785 "JSON Canonicalization Scheme" for the values audit records carry):
 * - object keys sorted by UTF-16 code units (JavaScript's default string order), recursively;
 * - no whitespace anywhere;
 * - strings escaped exactly as `JSON.stringify` does (`"`, `\\`, control characters, lone surrogates);
 * - numbers in ECMAScript shortest round-trip form (`JSON.stringify`), `-0` written as `0`;
 * - `undefined` object members are omitted (they are not JSON); array holes are rejected.
 *
 * @throws BotError `INVALID_ARGUMENT` for NaN/±Infinity, bigint, functions, symbols and non-plain values,
 * because they have no unambiguous JSON form.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: JsonValue): string {
  // Fast path: when every object already has its keys in canonical order (typical for payloads built by code) and
  // nothing needs normalising, the native JSON.stringify output is the canonical form.
  return isAlreadyCanonical(value, 0) ? JSON.stringify(value) : write(value, '$');
}

/** True when `JSON.stringify(value)` is already canonical: plain JSON only, keys ascending, no -0, no undefined. */
function isAlreadyCanonical(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth > 64) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isAlreadyCanonical(value[i], depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      let prev: string | undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return false;
        if (prev !== undefined && !(prev < key)) return false;
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined || !isAlreadyCanonical(member, depth + 1)) return false;
        prev = key;
      }
      return true;
    }
    default:
      return false;
  }
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new BotError('INVALID_ARGUMENT', `canonicalJson: ${path} is ${String(value)}; only finite numbers have a JSON form`);
      }
      return value === 0 ? '0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw new BotError('INVALID_ARGUMENT', `canonicalJson: ${path}[${i}] is an array hole`);
          if (i > 0) out += ',';
          out += write(value[i], `${path}[${i}]`);
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new BotError('INVALID_ARGUMENT', `canonicalJson: ${path} is not a plain object (${describeCtor(value)})`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`;
      }
      return `${out}}`;
    }
    default:
      throw new BotError('INVALID_ARGUMENT', `canonicalJson: ${path} is a ${typeof value}, which is not JSON`);
  }
}

function describeCtor(value: object): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? 'unknown prototype';
}
