import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@bot/core-types';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile, hasData } from '../../test/sharedData.js';
import { loadBarsCsv, parseBarsCsv } from './loadBarsCsv.js';
import { readBarsCsv } from './readBarsCsv.js';
import { loadBarsJsonl, readBarsJsonl } from './loadBarsJsonl.js';
import { writeBarsCsv, writeBarsJsonl } from './writeBars.js';
import { parseNumberBytes, parseTimestampBytes } from './fastParse.js';

const tmp = mkdtempSync(join(tmpdir(), 'md-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const enc = new TextEncoder();

/** Independent reference: the textbook split + Date.parse + Number reading of the shared layout. */
function naiveRead(path: string) {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [t, o, h, lo, c, v] = l.split(',');
    return [Date.parse(t!), Number(o), Number(h), Number(lo), Number(c), Number(v)];
  });
}

function expectValidation(fn: () => unknown, pattern: RegExp): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(pattern);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe.skipIf(!hasData)('loadBarsCsv on the shared files (needs ../shared/data)', () => {
  const files: [string, number, string][] = [
    ['ORCL_1d.csv', 5036, '1d'],
    ['NVDA_1d.csv', 4012, '1d'],
    ['ETHBTC_5m.csv', 5760, '5m'],
    ['LTCBTC_5m.csv', 5760, '5m'],
    ['ZECBTC_5m.csv', 5757, '5m'],
    ['BTCUSD_1h.csv', 20111, '1h'],
  ];
  it.each(files)('%s loads every row bit-identical to Date.parse + Number', (name, rows, tf) => {
    const { series, report } = loadBarsCsv(dataFile(name));
    expect(series.length).toBe(rows);
    expect(report.timeframe).toBe(tf);
    expect(report.timeframeInferred).toBe(true);
    const ref = naiveRead(dataFile(name));
    expect(ref.length).toBe(rows);
    for (let i = 0; i < rows; i++) {
      const r = ref[i]!;
      if (series.openTime[i] !== r[0] || series.open[i] !== r[1] || series.high[i] !== r[2] || series.low[i] !== r[3] || series.close[i] !== r[4] || series.volume[i] !== r[5]) {
        throw new Error(`${name} row ${i} differs: ${r.join(',')}`);
      }
    }
  });

  it('streams the same bars in small chunks as the whole-file load', async () => {
    const { series } = loadBarsCsv(dataFile('BTCUSD_1h.csv'));
    const stream = readBarsCsv(dataFile('BTCUSD_1h.csv'), { chunkBytes: 4096, symbol: 'BTC/USD' });
    let i = 0;
    for await (const bar of stream) {
      expect(bar.openTime).toBe(series.openTime[i]);
      expect(bar.close).toBe(series.close[i]);
      expect(bar.symbol).toBe('BTC/USD');
      expect(bar.timeframe).toBe('1h');
      i++;
    }
    expect(i).toBe(20111);
    expect(stream.report.rows).toBe(20111);
  });

  describe('corrupted copies are rejected with file:line: reason', () => {
    const lines = readFileSync(dataFile('ZECBTC_5m.csv'), 'utf8').split('\n');
    const corrupt = (name: string, edit: (ls: string[]) => void) => {
      const copy = [...lines];
      edit(copy);
      const p = join(tmp, name);
      writeFileSync(p, copy.join('\n'));
      return p;
    };
    it('a letter in a price', () => {
      const p = corrupt('letter.csv', (ls) => {
        ls[99] = ls[99]!.replace(/,([0-9.]+),/, ',0.04x7,');
      });
      const e = expectValidation(() => loadBarsCsv(p), /letter\.csv:100: unreadable open \(value seen "0\.04x7", expected a finite decimal number\)/);
      expect(e.location).toEqual({ source: p, line: 100 });
    });
    it('a swapped high/low', () => {
      const p = corrupt('swap.csv', (ls) => {
        const f = ls[200]!.split(',');
        [f[2], f[3]] = [f[3]!, f[2]!];
        ls[200] = f.join(',');
      });
      expectValidation(() => loadBarsCsv(p), /swap\.csv:201: high is below low \(value seen "[0-9.]+", expected >= low [0-9.]+\)/);
    });
    it('a repeated timestamp', () => {
      const p = corrupt('dup.csv', (ls) => {
        ls[301] = ls[300]!;
      });
      expectValidation(() => loadBarsCsv(p), /dup\.csv:302: repeated timestamp \(value seen "2018-01-11T05:50:00Z", expected a time after the previous row's 2018-01-11T05:50:00\.000Z\)/);
    });
    it('lenient mode skips all three and reports every line', () => {
      const p = corrupt('all.csv', (ls) => {
        ls[99] = ls[99]!.replace(/,([0-9.]+),/, ',0.04x7,');
        const f = ls[200]!.split(',');
        [f[2], f[3]] = [f[3]!, f[2]!];
        ls[200] = f.join(',');
        ls[301] = ls[300]!;
      });
      const { series, report } = loadBarsCsv(p, { mode: 'lenient' });
      expect(series.length).toBe(5757 - 3);
      expect(report.skippedCount).toBe(3);
      expect(report.skipped.map((s) => s.line)).toEqual([100, 201, 302]);
      expect(report.skipped.map((s) => s.field)).toEqual(['open', 'high', 'timestamp']);
      expect(report.skipped[0]!.message).toContain('all.csv:100:');
    });
    it('the streaming reader rejects the same way', async () => {
      const p = corrupt('stream.csv', (ls) => {
        ls[4000] = ls[3999]!;
      });
      await expect(async () => {
        for await (const _ of readBarsCsv(p, { chunkBytes: 8192 })) void _;
      }).rejects.toThrow(/stream\.csv:4001: repeated timestamp/);
    });
  });
});

describe('CSV format handling', () => {
  it('reads any column order, epoch seconds and ms, extra columns kept or ignored', () => {
    const csv = 'Volume;Close;Trades;Low;High;Open;Date\n10;1.5;7;0.5;2;1;1515560100\n11;1.6;8;1.4;1.7;1.5;1515560400000\n';
    const { series, extras, report } = parseBarsCsv(enc.encode(csv), 'x.csv', { extraColumns: 'keep', timeframe: '5m' });
    expect(Array.from(series.openTime)).toEqual([Date.parse('2018-01-10T04:55:00Z'), Date.parse('2018-01-10T05:00:00Z')]);
    expect(Array.from(series.open)).toEqual([1, 1.5]);
    expect(Array.from(series.high)).toEqual([2, 1.7]);
    expect(Array.from(series.volume)).toEqual([10, 11]);
    expect(Array.from(extras.get('Trades')!)).toEqual([7, 8]);
    expect(report.extraColumns).toEqual(['Trades']);
    const ignored = parseBarsCsv(enc.encode(csv), 'x.csv', { timeframe: '5m' });
    expect(ignored.extras.size).toBe(0);
  });

  it('reads a headerless file in ccxt order with CRLF line ends and blank lines', () => {
    const csv = '1515560100000,1,2,0.5,1.5,10\r\n\r\n1515560400000,1.5,1.7,1.4,1.6,11\r\n';
    const { series, report } = parseBarsCsv(enc.encode(csv), 'h.csv');
    expect(report.hasHeader).toBe(false);
    expect(series.length).toBe(2);
    expect(report.timeframe).toBe('5m');
  });

  it('accepts ISO with offsets, fractions and a space separator', () => {
    const csv = 'time,open,high,low,close,volume\n2018-01-10 04:55:00,1,1,1,1,0\n2018-01-10T06:00:00.500+01:00,1,1,1,1,0\n2018-01-10T05:10:00.25Z,1,1,1,1,0\n';
    const { series } = parseBarsCsv(enc.encode(csv), 'iso.csv', { timeframe: '5m' });
    expect(Array.from(series.openTime)).toEqual([
      Date.parse('2018-01-10T04:55:00Z'),
      Date.parse('2018-01-10T05:00:00.500Z'),
      Date.parse('2018-01-10T05:10:00.250Z'),
    ]);
  });

  it('the streaming reader keeps extra columns as raw text when asked', async () => {
    const p = join(tmp, 'extras.csv');
    writeFileSync(p, 'timestamp,open,high,low,close,volume,trades,note\n2018-01-10T04:55:00Z,1,2,0.5,1.5,10,7,a\n2018-01-10T05:00:00Z,1.5,1.7,1.4,1.6,11,8,b\n');
    const got = [];
    for await (const b of readBarsCsv(p, { extraColumns: 'keep' })) got.push([b.close, b.timeframe, b.extra]);
    expect(got).toEqual([[1.5, '5m', { trades: '7', note: 'a' }], [1.6, '5m', { trades: '8', note: 'b' }]]);
  });

  it('reads quoted fields (spreadsheet exports)', () => {
    const csv = '"Date","Open","High","Low","Close","Volume"\n"2018-01-10T04:55:00Z","1.5","2","1","1.75","10"\n"2018-01-10T05:00:00Z","1.75","2","1.5","1.6","0"\n';
    const { series } = parseBarsCsv(enc.encode(csv), 'q.csv');
    expect(Array.from(series.openTime)).toEqual([Date.parse('2018-01-10T04:55:00Z'), Date.parse('2018-01-10T05:00:00Z')]);
    expect(Array.from(series.close)).toEqual([1.75, 1.6]);
  });

  it('rejects a header without a volume column, naming what it expected', () => {
    expect(() => parseBarsCsv(enc.encode('time,open,high,low,close\n'), 'nv.csv')).toThrow(/nv\.csv:1: missing column volume/);
  });

  it('rejects non-positive prices, negative volume, wrong column counts and free-text times', () => {
    const head = 'timestamp,open,high,low,close,volume\n';
    expect(() => parseBarsCsv(enc.encode(`${head}2018-01-10T04:55:00Z,0,1,0,1,1\n`), 'a.csv')).toThrow(/a\.csv:2: non-positive open/);
    expect(() => parseBarsCsv(enc.encode(`${head}2018-01-10T04:55:00Z,1,1,1,1,-1\n`), 'a.csv')).toThrow(/a\.csv:2: negative volume/);
    expect(() => parseBarsCsv(enc.encode(`${head}2018-01-10T04:55:00Z,1,1,1,1\n`), 'a.csv')).toThrow(/a\.csv:2: wrong number of columns \(5\)/);
    expect(() => parseBarsCsv(enc.encode(`${head}Tuesday,1,1,1,1,1\n`), 'a.csv')).toThrow(/a\.csv:2: unreadable timestamp/);
    expect(() => parseBarsCsv(enc.encode(`${head}2018-02-30T00:00:00Z,1,1,1,1,1\n`), 'a.csv')).toThrow(/unreadable timestamp/);
    expect(() => parseBarsCsv(enc.encode(`${head}2018-01-10T04:55:00Z,1,0.9,0.8,1,1\n`), 'a.csv')).toThrow(/a\.csv:2: high is below open or close/);
  });

  it('numbers parse exactly like Number() (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        const text = String(x);
        const b = enc.encode(text);
        expect(parseNumberBytes(b, 0, b.length)).toBe(Number(text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 12 }), (m, d) => {
        const text = d === 0 ? String(m) : `${Math.floor(m / 10 ** d)}.${String(m % 10 ** d).padStart(d, '0')}`;
        const b = enc.encode(text);
        expect(parseNumberBytes(b, 0, b.length)).toBe(Number(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('a number field of a row reads as parseNumberBytes reads it alone, in any written form (property)', () => {
    // digit strings with a dot anywhere, leading zeros and up to 25 digits (the row parser's own fast path stops at
    // 15 significant digits), plus the forms only the general parser takes
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 25 }).map((d) => d.join(''));
    const plain = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits, { nil: undefined })).map(([s, i, f]) => (f === undefined ? `${s}${i}` : `${s}${i}.${f}`));
    const other = fc.oneof(
      fc.double({ min: 1e-9, max: 1e12, noNaN: true }).map(String),
      fc.double({ min: 1e-9, max: 1e12, noNaN: true }).map((x) => x.toExponential()),
      fc.constantFrom(' 12.5', '12.5 ', '"12.5"', '1e3', '1E-2', '.5', '5.', '.', '-', '1.2.3', '--5', '0x10', 'Infinity', 'NaN', '00000000000000000001.5'),
    );
    fc.assert(
      fc.property(fc.oneof(plain, other), fc.constantFrom('\n', '\r\n'), (text, eol) => {
        const expected = parseNumberBytes(enc.encode(text), 0, enc.encode(text).length);
        const row = `2018-01-10T04:55:00Z,${text},${text},${text},${text},${text}${eol}`;
        const { series, report } = parseBarsCsv(enc.encode(`timestamp,open,high,low,close,volume\n${row}${row.replace('04:55', '05:00')}`), 'p.csv', { mode: 'lenient', timeframe: '5m' });
        if (expected > 0 && expected !== Number.POSITIVE_INFINITY) {
          expect(report.skippedCount).toBe(0);
          for (const col of [series.open, series.high, series.low, series.close, series.volume]) {
            expect(Object.is(col[0], expected) && Object.is(col[1], expected)).toBe(true);
          }
        } else {
          expect(series.length).toBe(0);
          expect(report.skippedCount).toBe(2);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('ISO timestamps parse exactly like Date.parse (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const b = enc.encode(iso);
        expect(parseTimestampBytes(b, 0, b.length)).toBe(ms);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('writers and JSON Lines', () => {
  it('CSV and JSONL round-trip bit-identically and stream back', async () => {
    const csv = 'timestamp,open,high,low,close,volume\n2018-01-10T04:55:00Z,0.04750003,0.047817,0.04750003,0.0475001,58.0066675\n2018-01-10T05:00:00Z,0.0475001,0.04780256,0.0475001,0.04756308,41.17907928\n';
    const { series } = parseBarsCsv(enc.encode(csv), 'rt.csv');
    const out = join(tmp, 'rt.csv');
    expect(await writeBarsCsv(out, series)).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(csv);
    const jl = join(tmp, 'rt.jsonl');
    await writeBarsJsonl(jl, series, { timeFormat: 'ms' });
    const back = loadBarsJsonl(jl, { symbol: 'ZEC/BTC' });
    expect(Array.from(back.series.close)).toEqual(Array.from(series.close));
    expect(back.series.timeframe).toBe('5m');
    const streamed = [];
    for await (const b of readBarsJsonl(jl)) streamed.push(b);
    expect(streamed.map((b) => b.openTime)).toEqual(Array.from(series.openTime));
    expect(streamed[0]!.timeframe).toBe('5m');
  });

  it('JSONL accepts ccxt arrays and reports malformed lines with file:line', () => {
    const p = join(tmp, 'bad.jsonl');
    writeFileSync(p, '[1515560100000,1,2,0.5,1.5,10]\n{"timestamp":"2018-01-10T05:00:00Z","open":1,"high":1,"low":1,"close":1,"volume":1}\n{oops\n');
    expect(() => loadBarsJsonl(p)).toThrow(/bad\.jsonl:3: malformed JSON/);
    const { series, report } = loadBarsJsonl(p, { mode: 'lenient' });
    expect(series.length).toBe(2);
    expect(report.skipped).toEqual([expect.objectContaining({ line: 3, field: 'line' })]);
  });
});

describe('streaming reader chunk boundaries (property)', () => {
  it('any chunk size, CRLF or LF, blank lines: the stream equals the whole-file load', async () => {
    const rows: string[] = ['Date;Open;High;Low;Close;Volume'];
    let t = Date.UTC(2020, 0, 1);
    for (let i = 0; i < 3000; i++) {
      t += 60_000;
      const p = 100 + (i % 37) / 7;
      rows.push(`${new Date(t).toISOString()};${p};${p + 1.25};${p - 0.5};${p + 0.125};${i % 11}`);
      if (i % 97 === 0) rows.push('');
    }
    const lf = join(tmp, 'stream-lf.csv');
    const crlf = join(tmp, 'stream-crlf.csv');
    writeFileSync(lf, rows.join('\n'));
    writeFileSync(crlf, `${rows.join('\r\n')}\r\n`);
    const reference = loadBarsCsv(lf).series;
    expect(reference.length).toBe(3000);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4096, max: 40_000 }), fc.boolean(), async (chunkBytes, useCrlf) => {
        let i = 0;
        for await (const bar of readBarsCsv(useCrlf ? crlf : lf, { chunkBytes })) {
          if (bar.openTime !== reference.openTime[i] || bar.close !== reference.close[i] || bar.volume !== reference.volume[i]) {
            throw new Error(`bar ${i} differs with chunkBytes ${chunkBytes}`);
          }
          i++;
        }
        expect(i).toBe(reference.length);
      }),
      { numRuns: 25 },
    );
  });
});
