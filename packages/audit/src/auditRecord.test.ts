import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_RECORD_TYPES } from '@bot/core-types';
import type { AuditEvent, JsonValue } from '@bot/core-types';
import { canonicalJson } from './canonicalJson.js';
import { chainFields, decodeLine, encodeLine, macOf, parseBody, recordBody, sealRecord } from './auditRecord.js';

const arbEvent: fc.Arbitrary<AuditEvent> = fc.record(
  {
    type: fc.constantFrom(...AUDIT_RECORD_TYPES),
    actor: fc.string({ minLength: 1 }),
    payload: fc.jsonValue() as fc.Arbitrary<JsonValue>,
    clientOrderId: fc.string(),
    strategyId: fc.string(),
    symbol: fc.string(),
  },
  { requiredKeys: ['type', 'actor', 'payload'] },
);

describe('record body', () => {
  it('equals canonicalJson of the documented object (hand-written fast path is faithful)', () => {
    fc.assert(
      fc.property(arbEvent, fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 4e12, noNaN: true }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), (ev, seq, time, prev) => {
        const obj: Record<string, JsonValue> = { actor: ev.actor, payload: ev.payload, prevHash: prev, seq, time, type: ev.type, v: 1 };
        if (ev.clientOrderId !== undefined) obj['clientOrderId'] = ev.clientOrderId;
        if (ev.strategyId !== undefined) obj['strategyId'] = ev.strategyId;
        if (ev.symbol !== undefined) obj['symbol'] = ev.symbol;
        expect(recordBody(seq, time, ev, prev)).toBe(canonicalJson(obj));
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('encodes and decodes lines losslessly, and parses back the same record', () => {
    const key = Buffer.from('k');
    fc.assert(
      fc.property(arbEvent, fc.boolean(), (ev, keyed) => {
        const stored = sealRecord(7, 1234.5, ev, '0'.repeat(64), keyed ? key : undefined);
        const line = encodeLine(stored);
        expect(line.endsWith('\n')).toBe(true);
        expect(decodeLine(line.slice(0, -1))).toEqual(stored);
        const rec = parseBody(stored)!;
        expect(rec).toMatchObject({ seq: 7, time: 1234.5, type: ev.type, actor: ev.actor, payload: JSON.parse(canonicalJson(ev.payload)) });
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('rejects lines that do not have the exact layout', () => {
    const line = encodeLine(sealRecord(1, 1, { type: 'signal', actor: 'a', payload: 1 }, '0'.repeat(64))).slice(0, -1);
    expect(decodeLine(line)).toBeDefined();
    expect(decodeLine(` ${line}`)).toBeUndefined();
    expect(decodeLine(line.slice(0, -1))).toBeUndefined();
    expect(decodeLine(line.replace('"hash":"', '"hash":"X').slice(0, 9) + 'g' + line.slice(10))).toBeUndefined();
    expect(decodeLine('{"hash":"' + 'a'.repeat(64) + '","rec":{}}')).toEqual({ hash: 'a'.repeat(64), body: '{}' });
    expect(parseBody({ hash: 'a'.repeat(64), body: '{}' })).toBeUndefined();
  });
});

describe('chainFields (fast path of the verifier)', () => {
  it('agrees with a full JSON parse, even when payloads and ids contain look-alike text', () => {
    const tricky = fc.constantFrom('"prevHash":"' + 'f'.repeat(64) + '","seq":99,', ',"type":"fill","v":1}', '{"actor":"x"', '\\"', '');
    const payload = fc.oneof(fc.jsonValue(), fc.dictionary(tricky, tricky), fc.array(tricky)) as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(arbEvent, payload, tricky, fc.integer({ min: 1, max: 2 ** 50 }), (ev, p, id, seq) => {
        const event = { ...ev, payload: p, strategyId: `${ev.strategyId ?? ''}${id}` };
        const body = recordBody(seq, 5, event, 'c'.repeat(64));
        const full = parseBody({ hash: '0'.repeat(64), body })!;
        expect(chainFields(body)).toEqual({ seq: full.seq, prevHash: full.prevHash, type: full.type });
      }),
      { seed: 21, numRuns: 400 },
    );
  });

  it('declines bodies that are not in the canonical layout', () => {
    const body = recordBody(12, 5, { type: 'fill', actor: 'k', payload: 1 }, 'c'.repeat(64));
    expect(chainFields(body)).toEqual({ seq: 12, prevHash: 'c'.repeat(64), type: 'fill' });
    expect(chainFields(body.replace('"seq":12', '"seq":012'))).toBeUndefined();
    expect(chainFields(body.replace('"seq":12', '"seq":1.2'))).toBeUndefined();
    expect(chainFields(body.replace('"fill"', '"FILL"'))).toBeUndefined();
    expect(chainFields(body.replace('"v":1}', '"v":2}'))).toBeUndefined();
    expect(chainFields(` ${body}`)).toBeUndefined();
  });
});

describe('macOf', () => {
  it('matches node:crypto createHmac for short, block-sized and long keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 150 }), fc.string(), (keyBytes, msg) => {
        const key = Buffer.from(keyBytes);
        expect(macOf(key, msg)).toBe(createHmac('sha256', key).update(msg, 'utf8').digest('hex'));
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('matches createHmac on 64-character hex messages (the fast path used for record hashes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 150 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (keyBytes, digest) => {
        const key = Buffer.from(keyBytes);
        const msg = Buffer.from(digest).toString('hex');
        expect(macOf(key, msg)).toBe(createHmac('sha256', key).update(msg, 'utf8').digest('hex'));
        expect(macOf(key, msg.toUpperCase())).toBe(createHmac('sha256', key).update(msg.toUpperCase(), 'utf8').digest('hex'));
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
