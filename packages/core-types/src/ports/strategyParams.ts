import { type InputLocation, ValidationError } from '../errors.js';

/** One typed strategy parameter with its default and, for numbers, the range an optimiser may search. */
export type ParamSpec =
  | { readonly type: 'int'; readonly default: number; readonly min: number; readonly max: number; readonly step?: number; readonly description: string }
  | { readonly type: 'float'; readonly default: number; readonly min: number; readonly max: number; readonly step?: number; readonly description: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description: string }
  | { readonly type: 'enum'; readonly default: string; readonly values: readonly string[]; readonly description: string }
  | { readonly type: 'string'; readonly default: string; readonly description: string };

/** A strategy's parameter specs by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type of one spec. */
export type ParamValue<S extends ParamSpec> = S extends { type: 'int' | 'float' }
  ? number
  : S extends { type: 'boolean' }
    ? boolean
    : string;

/** Resolved parameter values of a spec set. */
export type ParamValues<S extends ParamSpecs> = { readonly [K in keyof S]: ParamValue<S[K]> };

/**
 * Validates parameter input (numbers, booleans or strings as typed on a command line) against specs, filling
 * defaults. Unknown names are rejected so a typo never silently runs the default.
 *
 * @throws ValidationError naming the parameter, the value seen and the allowed range or values.
 * @example `resolveParams(def.params, { fast: '10' })` -> `{ fast: 10, slow: 30 }`
 */
export function resolveParams<S extends ParamSpecs>(
  specs: S,
  input: Readonly<Record<string, unknown>> = {},
  location?: InputLocation,
): ParamValues<S> {
  const where = location === undefined ? {} : { location };
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(specs, key)) {
      throw new ValidationError(`param ${key}`, input[key], `one of the parameters ${Object.keys(specs).join(', ')}`, {
        ...where,
        reason: `unknown parameter ${key}`,
      });
    }
  }
  const out: Record<string, number | boolean | string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = input[name];
    if (raw === undefined) {
      out[name] = spec.default;
      continue;
    }
    const field = `param ${name}`;
    switch (spec.type) {
      case 'int':
      case 'float': {
        const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
        if (typeof n !== 'number' || !Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n))) {
          throw new ValidationError(field, raw, `${spec.type === 'int' ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]`, where);
        }
        if (n < spec.min || n > spec.max) throw new ValidationError(field, raw, `a value in [${spec.min}, ${spec.max}]`, where);
        out[name] = n;
        break;
      }
      case 'boolean': {
        const b = raw === 'true' ? true : raw === 'false' ? false : raw;
        if (typeof b !== 'boolean') throw new ValidationError(field, raw, 'true or false', where);
        out[name] = b;
        break;
      }
      case 'enum':
        if (typeof raw !== 'string' || !spec.values.includes(raw)) {
          throw new ValidationError(field, raw, `one of ${spec.values.join(', ')}`, where);
        }
        out[name] = raw;
        break;
      case 'string':
        if (typeof raw !== 'string') throw new ValidationError(field, raw, 'a string', where);
        out[name] = raw;
        break;
    }
  }
  return out as ParamValues<S>;
}
