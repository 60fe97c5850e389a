import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '@bot/core-types';
import { describe, expect, it } from 'vitest';
import { parseRiskGateConfig } from './parseRiskGateConfig.js';

const fail = (raw: unknown) => {
  try {
    parseRiskGateConfig(raw, 'risk.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).message;
  }
  throw new Error('expected a ValidationError');
};

describe('parseRiskGateConfig', () => {
  it('applies defaults', () => {
    const c = parseRiskGateConfig({ limits: { dailyLoss: { maxFraction: 0.03 }, valueAtRisk: { confidence: 0.99, maxFraction: 0.02 } }, riskModel: { symbols: ['A/B'], volatilities: [0.02], correlations: [[1]] } });
    expect(c.modes).toEqual({ cooldownMs: 60_000, initial: 'normal', autoRecover: false });
    expect(c.limits.dailyLoss).toEqual({ maxFraction: 0.03, mode: 'reduce' });
    expect(c.limits.valueAtRisk).toEqual({ confidence: 0.99, horizonDays: 1, maxFraction: 0.02 });
    expect(c.riskModel).toMatchObject({ defaultVolatility: 0.02, defaultCorrelation: 0 });
    expect(c.breakers).toEqual({});
  });

  it('names the file, field path, value and expectation', () => {
    expect(fail({ limits: { maxGrossLeverage: -1 } })).toBe(
      'risk.json: limits.maxGrossLeverage: invalid value (value seen -1, expected a leverage > 0 (1 = unlevered))',
    );
    expect(fail({ limits: { maxLeverage: 2 } })).toMatch(/^risk\.json: limits\.maxLeverage: unknown field .*maxGrossLeverage/);
    expect(fail({ limits: { drawdown: { soft: 0.2, hard: 0.1 } } })).toMatch(/limits\.drawdown\.hard.*greater than soft/);
    expect(fail({ limits: { maxCorrelatedExposure: 1 } })).toMatch(/riskModel/);
    expect(fail({ riskModel: { symbols: ['A/B', 'C/D'], volatilities: [0.1, 0.1], correlations: [[1, 0.5], [0.4, 1]] } })).toMatch(/correlations\.0\.1.*symmetric/);
    expect(fail({ riskModel: { symbols: ['A', 'B', 'C'], volatilities: [1, 1, 1], correlations: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]] } })).toMatch(/positive semi-definite/);
    expect(fail({ breakers: { venueErrors: { mode: 'normal', maxConsecutive: 3 } } })).toMatch(/breakers\.venueErrors\.mode/);
    expect(fail({ modes: { initial: 'panic' } })).toMatch(/modes\.initial/);
    expect(fail([])).toMatch(/config/);
  });

  it('parses the example config shipped with the package', () => {
    const file = path.resolve(import.meta.dirname, '..', '..', 'examples', 'risk.json');
    const c = parseRiskGateConfig(JSON.parse(readFileSync(file, 'utf8')), 'risk.json');
    expect(c.limits.maxOrderNotional).toBeGreaterThan(0);
  });
});
