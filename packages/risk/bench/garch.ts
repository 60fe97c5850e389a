/**
 * fitGarch11 on 5,000 returns (the last 5,000 hourly log returns of BTCUSD_1h.csv, and ORCL daily), normal and
 * Student t; prints the median and worst wall time of several fits. Target: < 50 ms.
 * Run: pnpm exec tsx bench/garch.ts
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitGarch11 } from '../src/index.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data');
function returns(file: string): number[] {
  const closes = readFileSync(path.join(dataDir, file), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[4]));
  const r: number[] = [];
  for (let i = 1; i < closes.length; i++) r.push(Math.log(closes[i]! / closes[i - 1]!));
  return r.slice(-5000);
}
for (const file of ['BTCUSD_1h.csv', 'ORCL_1d.csv']) {
  const r = returns(file);
  for (const dist of ['normal', 'student-t'] as const) {
    fitGarch11(r, { dist }); // warm-up
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let fit = fitGarch11(r, { dist });
    for (let k = 0; k < 9; k++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      fit = fitGarch11(r, { dist });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    console.log(
      `fitGarch11 ${file} n=${r.length} ${dist.padEnd(9)}: median ${times[4]!.toFixed(1)} ms wall (${cpuTimes[4]!.toFixed(1)} ms CPU), max ${times[8]!.toFixed(1)} ms ` +
        `(${fit.evaluations} likelihood+gradient passes; alpha ${fit.alpha.toFixed(4)} beta ${fit.beta.toFixed(4)}${fit.nu ? ` nu ${fit.nu.toFixed(2)}` : ''}) target < 50 ms`,
    );
  }
}
console.log(`(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
