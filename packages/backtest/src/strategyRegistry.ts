import { BotError, type StrategyDefinition } from '@bot/core-types';

/** Anything that maps names to strategy definitions: a `Map`, an object with `get(name)`, a record or an array. */
export type StrategyRegistryLike =
  | ReadonlyMap<string, StrategyDefinition>
  | { get(name: string): StrategyDefinition | undefined; names?(): Iterable<string>; list?(): Iterable<StrategyDefinition> }
  | Readonly<Record<string, StrategyDefinition>>
  | readonly StrategyDefinition[];

function namesOf(registry: StrategyRegistryLike): string[] {
  if (registry instanceof Map) return [...registry.keys()];
  if (Array.isArray(registry)) return (registry as readonly StrategyDefinition[]).map((d) => d.name);
  const r = registry as { names?(): Iterable<string>; list?(): Iterable<StrategyDefinition>; get?: unknown };
  if (typeof r.names === 'function') return [...r.names()];
  if (typeof r.list === 'function') return [...r.list()].map((d) => d.name);
  return Object.keys(registry).filter((k) => typeof (registry as Record<string, unknown>)[k] === 'object');
}

/**
 * Looks a strategy definition up by name in a registry of any common shape.
 *
 * @throws BotError `INVALID_ARGUMENT` naming the unknown strategy and listing the known ones.
 */
export function findStrategy(registry: StrategyRegistryLike, name: string): StrategyDefinition {
  let found: StrategyDefinition | undefined;
  if (registry instanceof Map) found = registry.get(name);
  else if (Array.isArray(registry)) found = (registry as readonly StrategyDefinition[]).find((d) => d.name === name);
  else if (typeof (registry as { get?: unknown }).get === 'function') found = (registry as { get(n: string): StrategyDefinition | undefined }).get(name);
  else {
    const v = (registry as Readonly<Record<string, StrategyDefinition>>)[name];
    found = v ?? Object.values(registry as Readonly<Record<string, StrategyDefinition>>).find((d) => d?.name === name);
  }
  if (found === undefined) {
    throw new BotError('INVALID_ARGUMENT', `unknown strategy "${name}"; available: ${namesOf(registry).join(', ') || '(none)'}`);
  }
  return found;
}

/** The names in a registry (for help texts). */
export function strategyNames(registry: StrategyRegistryLike): string[] {
  return namesOf(registry);
}
