import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BarSeries } from '@bot/core-types';
import type { BacktestResult } from '../backtestResult.js';
import { drawdownSeries } from '../drawdown.js';
import type { BacktestMetrics } from '../metrics.js';
import { buyAndHold } from './buyAndHold.js';
import { downsampleMinMax } from './downsample.js';
import { formatMoney } from './formatMoney.js';
import type { ReproducibilityManifest } from './manifest.js';

/** Options of {@link htmlReport}. */
export interface HtmlReportOptions {
  /** The bars the run used (price charts with trade markers; the first 4 symbols are drawn). */
  readonly data: readonly BarSeries[];
  readonly title?: string;
  readonly manifest?: ReproducibilityManifest;
  /** Most points per chart line (default 4000); longer series are min/max downsampled. */
  readonly maxPoints?: number;
  /** Most trade markers per price chart (default 2000); more are thinned evenly and the caption says so. */
  readonly maxMarkers?: number;
  /** Most rows of the trade table (default 400: the first and last 200). */
  readonly maxTradeRows?: number;
}

type Fmt = 'pct' | 'num' | 'money' | 'int' | 'ratio' | 'duration';

const METRIC_ROWS: readonly (readonly [keyof BacktestMetrics, string, Fmt, string])[] = [
  ['initialEquity', 'Initial equity', 'money', 'Cash at the start'],
  ['finalEquity', 'Final equity', 'money', 'Cash + positions at the last close'],
  ['totalReturn', 'Total return', 'pct', 'final / initial - 1'],
  ['cagr', 'CAGR', 'pct', 'Compound annual growth over periods / periodsPerYear years'],
  ['annualVolatility', 'Annual volatility', 'pct', 'Sample std of periodic returns x sqrt(periods per year)'],
  ['sharpe', 'Sharpe', 'ratio', 'mean / sample std of periodic excess returns x sqrt(periods per year)'],
  ['sortino', 'Sortino', 'ratio', 'mean excess return / downside deviation over all periods x sqrt(ppy)'],
  ['calmar', 'Calmar', 'ratio', 'CAGR / max drawdown'],
  ['maxDrawdown', 'Max drawdown', 'pct', 'Largest peak-to-trough fall of the close-marked equity'],
  ['maxDrawdownDurationMs', 'Longest drawdown', 'duration', 'Peak to recovery (or end)'],
  ['exposure', 'Exposure', 'pct', 'Share of bars with a position open'],
  ['turnover', 'Turnover', 'ratio', 'Traded notional / average equity'],
  ['trades', 'Trades', 'int', 'Closed round trips'],
  ['winRate', 'Win rate', 'pct', 'Trades with net pnl > 0'],
  ['profitFactor', 'Profit factor', 'ratio', 'Gross wins / gross losses (net of fees)'],
  ['expectancy', 'Expectancy', 'money', 'Mean net pnl per trade'],
  ['averageWin', 'Average win', 'money', 'Mean net pnl of winners'],
  ['averageLoss', 'Average loss', 'money', 'Mean net pnl of losers'],
  ['feesPaid', 'Fees paid', 'money', 'All fills'],
  ['periodsPerYear', 'Periods per year', 'num', 'Annualisation factor (inferred from the bar spacing unless set)'],
  ['riskFreeRate', 'Risk-free rate', 'pct', 'Annual, deducted per period'],
];

function fmt(x: number, kind: Fmt, currency: string): string {
  if (!Number.isFinite(x)) return x === Infinity ? '∞' : x === -Infinity ? '-∞' : 'n/a';
  switch (kind) {
    case 'pct':
      return `${(x * 100).toFixed(2)}%`;
    case 'money':
      return `${formatMoney(x)} ${currency}`;
    case 'int':
      return x.toLocaleString('en-US');
    case 'ratio':
      return x.toFixed(3);
    case 'num':
      return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(2);
    case 'duration': {
      const days = x / 86_400_000;
      return days >= 1 ? `${days.toFixed(days >= 10 ? 0 : 1)} days` : `${(x / 3_600_000).toFixed(1)} hours`;
    }
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z').replace('T', ' ');
}

let uplotAssets: { js: string; css: string } | undefined;
function loadUplot(): { js: string; css: string } {
  if (uplotAssets === undefined) {
    // CJS build: __filename; ESM: import.meta.url.
    const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    uplotAssets = {
      js: readFileSync(req.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(req.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return uplotAssets;
}

/**
 * A self-contained HTML report of a run (no network needed: uPlot is inlined): headline figures, equity with a
 * buy-and-hold comparison (the first symbol bought with the initial cash at its first open, no fees, marked at the
 * same closes as the equity), drawdown, price with trade markers, the metrics table with conventions, the parameters
 * and settings, the trade list and the reproducibility manifest. With `fill: close` a red banner says the run is
 * look-ahead-prone.
 *
 * @example `writeFileSync('report.html', htmlReport(result, { data: [series], manifest }))`
 */
export function htmlReport(result: BacktestResult, options: HtmlReportOptions): string {
  const { js, css } = loadUplot();
  const maxPoints = options.maxPoints ?? 4000;
  const maxMarkers = options.maxMarkers ?? 2000;
  const m = result.metrics;
  const s = result.settings;
  const cur = s.currency;
  const eqT = result.equity.time;
  const eq = result.equity.equity;
  const stratLabel = s.strategies.map((x) => x.name).join(' + ');
  const title = options.title ?? `Backtest: ${stratLabel} on ${s.symbols.join(', ')} (${s.timeframe})`;
  const toSec = (a: readonly number[]) => a.map((t) => t / 1000);

  const eqDs = downsampleMinMax(eqT, eq, maxPoints);
  // Buy and hold of the first symbol, from the same initial cash, as a yardstick: marked at the same closes.
  const first = options.data[0];
  const bench = first !== undefined && first.length > 0 && eq.length > 0 ? buyAndHold(first, eqDs.time, m.initialEquity) : undefined;
  // Log scale when the curves span more than 20x (a strategy and its benchmark over decades).
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of [...eqDs.values, ...(bench ?? [])]) {
    if (v > 0 && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const logEquity = lo > 0 && hi / lo > 20;
  const dd = drawdownSeries(eq);
  const ddDs = downsampleMinMax(eqT, dd, maxPoints);

  const priceCharts = options.data.slice(0, 4).map((series) => {
    const ds = downsampleMinMax(series.openTime, series.close, maxPoints);
    const fills = result.fills.filter((f) => f.symbol === series.symbol);
    const stride = fills.length > maxMarkers ? fills.length / maxMarkers : 1;
    const shown = stride === 1 ? fills : Array.from({ length: maxMarkers }, (_, i) => fills[Math.floor(i * stride)]!);
    type Row = [number, number | null, number | null, number | null];
    const rows: Row[] = ds.time.map((t, i) => [t, ds.values[i]!, null, null]);
    for (const f of shown) rows.push([f.time, null, f.side === 'buy' ? f.price : null, f.side === 'sell' ? f.price : null]);
    rows.sort((a, b) => a[0] - b[0]);
    return {
      symbol: series.symbol,
      caption:
        fills.length === 0
          ? 'no fills'
          : `${fills.length} fills` + (stride === 1 ? '' : `, ${maxMarkers} markers shown (evenly thinned)`),
      data: [toSec(rows.map((r) => r[0])), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
    };
  });

  const payload = {
    equity: [toSec(eqDs.time), eqDs.values, bench ?? null],
    drawdown: [toSec(ddDs.time), ddDs.values.map((x) => x * 100)],
    prices: priceCharts,
    currency: cur,
    benchLabel: first === undefined ? '' : `Buy & hold ${first.symbol}`,
    logEquity,
  };
  const json = JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)).replace(/</g, '\\u003c');

  const cards: [string, string, string][] = [
    ['Total return', fmt(m.totalReturn, 'pct', cur), m.totalReturn >= 0 ? 'pos' : 'neg'],
    ['CAGR', fmt(m.cagr, 'pct', cur), m.cagr >= 0 ? 'pos' : 'neg'],
    ['Sharpe', fmt(m.sharpe, 'ratio', cur), ''],
    ['Sortino', fmt(m.sortino, 'ratio', cur), ''],
    ['Max drawdown', fmt(m.maxDrawdown, 'pct', cur), 'neg'],
    ['Trades', fmt(m.trades, 'int', cur), ''],
    ['Win rate', fmt(m.winRate, 'pct', cur), ''],
    ['Final equity', fmt(m.finalEquity, 'money', cur), ''],
  ];

  const warnings = [...result.warnings];
  const lookAhead = s.fill === 'close';
  const banner = lookAhead
    ? `<div class="banner danger"><b>Look-ahead warning:</b> this run used <code>--fill close</code>: orders filled at the close of the very bar the strategy had just seen. Nobody can trade at a price after seeing it, so these results are optimistic. Re-run with <code>--fill next-open</code> (the default) before trusting them.</div>`
    : '';
  const otherWarnings = warnings.filter((w) => !(lookAhead && /look-ahead/i.test(w)));

  const metricRows = METRIC_ROWS.map(
    ([k, label, kind, help]) => `<tr><th>${esc(label)}</th><td class="num">${esc(fmt(m[k], kind, cur))}</td><td class="help">${esc(help)}</td></tr>`,
  ).join('');

  const settingsRows: [string, string][] = [
    ['Strategies', s.strategies.map((x) => `${x.id} (${x.name})`).join(', ')],
    ...s.strategies.flatMap((x) => Object.entries(x.params).map(([k, v]) => [`${x.id} · ${k}`, String(v)] as [string, string])),
    ['Symbols', s.symbols.join(', ')],
    ['Timeframe', s.timeframe],
    ['Period', eqT.length > 0 ? `${isoDay(eqT[0]!)} → ${isoDay(eqT[eqT.length - 1]!)} (${result.run.bars.toLocaleString('en-US')} bars)` : 'n/a'],
    ['Initial cash', `${s.initialCash} ${cur}`],
    ['Fill', s.fill === 'close' ? 'close (look-ahead-prone)' : 'next bar open'],
    ['Slippage', s.slippage],
    ['Fees (maker / taker)', Object.entries(s.fees).map(([sym, f]) => `${sym}: ${f.maker} / ${f.taker}`).join(', ')],
    ['Sizing', s.sizing],
    ['Risk gate', s.riskGate],
    ['Seed', String(s.seed)],
  ];
  const settingsHtml = settingsRows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');

  const maxRows = options.maxTradeRows ?? 400;
  const trades = result.trades;
  const half = Math.floor(maxRows / 2);
  const tradeSlice = trades.length <= maxRows ? trades.map((t, i) => [i, t] as const) : [...trades.slice(0, half).map((t, i) => [i, t] as const), ...trades.slice(trades.length - half).map((t, i) => [trades.length - half + i, t] as const)];
  let tradeHtml = '';
  let prevIdx = -1;
  for (const [i, t] of tradeSlice) {
    if (prevIdx >= 0 && i !== prevIdx + 1) tradeHtml += `<tr><td colspan="10" class="gap">… ${i - prevIdx - 1} trades omitted …</td></tr>`;
    prevIdx = i;
    tradeHtml += `<tr><td class="num">${i + 1}</td><td>${esc(t.symbol)}</td><td>${t.direction}</td><td>${esc(isoDay(t.entryTime))}</td><td class="num">${t.entryPrice.toPrecision(8)}</td><td>${esc(isoDay(t.exitTime))}</td><td class="num">${t.exitPrice.toPrecision(8)}</td><td class="num">${t.quantity.toPrecision(8)}</td><td class="num">${formatMoney(t.fees)}</td><td class="num ${t.pnl >= 0 ? 'pos' : 'neg'}">${formatMoney(t.pnl)}</td></tr>`;
  }
  if (trades.length === 0) tradeHtml = '<tr><td colspan="10" class="gap">No closed trades.</td></tr>';
  const openHtml = result.openTrades.length === 0 ? '' : `<p class="note">Open at the end (marked to the last close, not in the trade statistics): ${result.openTrades.map((o) => `${esc(o.symbol)} ${o.direction} ${o.quantity.toPrecision(8)} @ ${o.entryPrice.toPrecision(8)} since ${esc(isoDay(o.entryTime))}`).join('; ')}</p>`;

  const manifest = options.manifest;
  const manifestHtml = manifest === undefined ? '' : `<h2>Reproducibility</h2><table class="kv"><tr><th>Tool</th><td>${esc(manifest.tool)} (Node ${esc(manifest.node)})</td></tr>${manifest.data.map((d) => `<tr><th>${esc(d.file)}</th><td><code>sha256 ${d.sha256}</code> · ${d.bytes.toLocaleString('en-US')} bytes</td></tr>`).join('')}${manifest.command === undefined ? '' : `<tr><th>Command</th><td><code>${esc(manifest.command.join(' '))}</code></td></tr>`}</table>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937;margin:0;background:#f8fafc}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.sub{color:#6b7280;margin:0 0 16px}
.banner{padding:12px 16px;border-radius:6px;margin:12px 0}.danger{background:#fef2f2;border:2px solid #dc2626;color:#7f1d1d}.warn{background:#fffbeb;border:1px solid #f59e0b;color:#78350f}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:16px 0}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}.card .k{color:#6b7280;font-size:12px}.card .v{font-size:20px;font-weight:600}
.pos{color:#047857}.neg{color:#b91c1c}
.chart{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:8px;margin:10px 0}.chart h3{font-size:14px;margin:2px 6px 6px}.chart .cap{color:#6b7280;font-size:12px;margin:0 6px}
table{border-collapse:collapse;background:#fff;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #f1f5f9;text-align:left;vertical-align:top}
.kv th{width:240px;color:#374151;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}td.help{color:#6b7280;font-size:12px}
.trades{font-size:13px}.trades thead th{background:#f1f5f9;position:sticky;top:0}.gap{text-align:center;color:#6b7280}
.note{color:#6b7280;font-size:12px}code{font-size:12px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media(max-width:900px){.cols{grid-template-columns:1fr}}
</style></head><body><main>
<h1>${esc(title)}</h1>
<p class="sub">${eqT.length > 0 ? `${esc(isoDay(eqT[0]!))} → ${esc(isoDay(eqT[eqT.length - 1]!))} · ` : ''}${result.run.bars.toLocaleString('en-US')} bars · fill ${s.fill === 'close' ? '<b class="neg">close (look-ahead-prone)</b>' : 'next open'} · sizing ${esc(s.sizing)} · ${esc(manifest?.tool ?? '@bot/backtest')}</p>
${banner}${otherWarnings.map((w) => `<div class="banner warn">${esc(w)}</div>`).join('')}
<div class="cards">${cards.map(([k, v, c]) => `<div class="card"><div class="k">${esc(k)}</div><div class="v ${c}">${esc(v)}</div></div>`).join('')}</div>
<div class="chart"><h3>Equity (${esc(cur)}${logEquity ? ', log scale' : ''})</h3><div id="equity"></div></div>
<div class="chart"><h3>Drawdown (%)</h3><div id="drawdown"></div></div>
<div id="prices"></div>
<div class="cols"><div><h2>Metrics</h2><table class="kv">${metricRows}</table></div>
<div><h2>Parameters and settings</h2><table class="kv">${settingsHtml}</table>${manifestHtml}</div></div>
<h2>Trades (${trades.length.toLocaleString('en-US')})</h2>${openHtml}
<table class="trades"><thead><tr><th>#</th><th>Symbol</th><th>Side</th><th>Entry</th><th>Entry price</th><th>Exit</th><th>Exit price</th><th>Qty</th><th>Fees</th><th>Net PnL</th></tr></thead><tbody>${tradeHtml}</tbody></table>
<p class="note">Conventions: periodic simple returns of the close-marked equity; Sharpe uses the sample standard deviation; Sortino's downside deviation is taken over all periods; drawdowns relative to the running peak. Charts are min/max downsampled to at most ${maxPoints} points.</p>
</main>
<script type="application/json" id="report-data">${json}</script>
<script>${js}</script>
<script>
(function(){
var D=JSON.parse(document.getElementById('report-data').textContent);
function width(){return Math.max(320,document.querySelector('main').clientWidth-40);}
var charts=[];
function fmtNum(v){if(v==null)return '';var a=Math.abs(v);return a>=1000?v.toLocaleString('en-US',{maximumFractionDigits:0}):a>=1?v.toFixed(2):a===0?'0':v.toPrecision(4);}
var eqSeries=[{},{label:'Strategy',stroke:'#2563eb',width:1.6,value:function(u,v){return fmtNum(v);}}];
if(D.equity[2]){eqSeries.push({label:D.benchLabel,stroke:'#9ca3af',width:1,dash:[4,4],value:function(u,v){return fmtNum(v);}});}
var eqData=D.equity[2]?D.equity:D.equity.slice(0,2);
var eqScale=D.logEquity?{distr:3}:{};
function axisNum(v){if(v==null)return '';var a=Math.abs(v);return a>=1e6?(v/1e6).toFixed(a>=1e7?0:1)+'M':a>=1e4?(v/1e3).toFixed(0)+'k':a>=1?fmtNum(v):a===0?'0':a>=0.01?v.toFixed(2):v.toExponential(0);}
charts.push(new uPlot({width:width(),height:300,scales:{y:eqScale},series:eqSeries,axes:[{},{size:70,values:function(u,vs){return vs.map(axisNum);}}],cursor:{sync:{key:'r'}}},eqData,document.getElementById('equity')));
charts.push(new uPlot({width:width(),height:180,series:[{},{label:'Drawdown %',stroke:'#dc2626',fill:'rgba(220,38,38,0.18)',width:1,value:function(u,v){return v==null?'':v.toFixed(2)+'%';}}],axes:[{},{size:70}],cursor:{sync:{key:'r'}}},D.drawdown,document.getElementById('drawdown')));
var host=document.getElementById('prices');
D.prices.forEach(function(p,i){
  var box=document.createElement('div');box.className='chart';
  box.innerHTML='<h3>'+p.symbol.replace(/</g,'&lt;')+' close with fills</h3><p class="cap">'+p.caption+' · green = buy, red = sell</p><div></div>';
  host.appendChild(box);
  var mk=function(color){return {stroke:color,fill:color,paths:function(){return null;},points:{show:true,size:7,width:1,fill:color,stroke:color}};};
  var buy=mk('#059669');buy.label='Buy';var sell=mk('#dc2626');sell.label='Sell';
  charts.push(new uPlot({width:width(),height:320,series:[{},{label:'Close',stroke:'#334155',width:1,spanGaps:true,value:function(u,v){return fmtNum(v);}},buy,sell],axes:[{},{size:70,values:function(u,vs){return vs.map(fmtNum);}}],cursor:{sync:{key:'r'}}},p.data,box.lastChild));
});
window.addEventListener('resize',function(){charts.forEach(function(c){c.setSize({width:width(),height:c.height});});});
})();
</script>
</body></html>
`;
}
