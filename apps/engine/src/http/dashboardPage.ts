import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** uPlot (a small, well-kept canvas chart library) inlined so the page needs nothing from the network. */
function uplotAssets(): { js: string; css: string } {
  return {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

/**
 * The read-only dashboard: equity curve and P&L, positions, open orders, recent fills, risk figures, trading mode,
 * kill-switch and feed health, updated live from `/api/events`. It has no forms and no buttons.
 */
export function renderDashboard(): string {
  const { js, css } = uplotAssets();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@bot engine</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${css}
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#0f1419;color:#e6e6e6}
header{display:flex;gap:12px;align-items:center;padding:12px 20px;background:#161b22;border-bottom:1px solid #30363d;flex-wrap:wrap}
h1{font-size:18px;margin:0 12px 0 0} h2{font-size:14px;margin:0 0 8px;color:#9da7b3;text-transform:uppercase;letter-spacing:.05em}
.badge{padding:3px 10px;border-radius:12px;font-weight:600;font-size:12px}
.normal{background:#1f6f3f}.pause{background:#9a7b00}.reduce{background:#b35900}.emergency{background:#b3261e}.ok{background:#1f6f3f}.bad{background:#b3261e}.muted{background:#30363d}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;padding:16px 20px}
section{background:#161b22;border:1px solid #30363d;border-radius:8px;padding:12px 16px}
.kpis{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}.kpi b{display:block;font-size:20px}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{text-align:right;padding:3px 6px;border-bottom:1px solid #21262d;white-space:nowrap}th:first-child,td:first-child{text-align:left}
.scroll{max-height:360px;overflow:auto}thead th{position:sticky;top:0;background:#161b22}
.pos{color:#3fb950}.neg{color:#f85149}.wide{grid-column:1/-1}
</style></head>
<body>
<header><h1>@bot engine</h1>
<span id="runMode" class="badge muted">…</span><span id="mode" class="badge muted">mode …</span>
<span id="kill" class="badge muted">kill switch …</span><span id="feed" class="badge muted">feed …</span>
<span id="clock" style="margin-left:auto;color:#9da7b3"></span></header>
<main>
<section class="wide"><h2>Equity</h2><div class="kpis">
<div class="kpi">Equity<b id="equity">–</b></div><div class="kpi">P&amp;L<b id="pnl">–</b></div><div class="kpi">Drawdown<b id="dd">–</b></div>
<div class="kpi">Cash<b id="cash">–</b></div><div class="kpi">Realized / Unrealized<b id="ru">–</b></div><div class="kpi">Fees<b id="fees">–</b></div>
</div><div id="chart"></div></section>
<section><h2>Positions</h2><div class="scroll"><table><thead><tr><th>Symbol</th><th>Qty</th><th>Entry</th><th>Mark</th><th>Unrealized</th></tr></thead><tbody id="positions"></tbody></table></div></section>
<section><h2>Open orders</h2><div class="scroll"><table><thead><tr><th>Id</th><th>Side</th><th>Type</th><th>Qty</th><th>Filled</th><th>Price</th><th>Status</th></tr></thead><tbody id="orders"></tbody></table></div></section>
<section><h2>Recent fills</h2><div class="scroll"><table><thead><tr><th>Time</th><th>Symbol</th><th>Side</th><th>Qty</th><th>Price</th><th>Fee</th></tr></thead><tbody id="fills"></tbody></table></div></section>
<section><h2>Risk</h2><table><tbody id="risk"></tbody></table></section>
</main>
<script>${js}</script>
<script>
const fmt=(n,d=2)=>Number.isFinite(n)?n.toLocaleString('en-US',{minimumFractionDigits:d,maximumFractionDigits:d}):'–';
const cls=n=>n>0?'pos':n<0?'neg':'';
const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const iso=t=>new Date(t).toISOString().replace('T',' ').slice(0,19);
let plot;
function render(s){
  document.getElementById('runMode').textContent=s.runMode.toUpperCase();
  const m=document.getElementById('mode');m.textContent='mode '+s.tradingMode;m.className='badge '+s.tradingMode;
  const k=document.getElementById('kill');k.textContent='kill switch '+s.killSwitch.state+(s.killSwitch.reason?': '+s.killSwitch.reason:'');k.className='badge '+(s.killSwitch.state==='armed'?'ok':'bad');
  const f=document.getElementById('feed');f.textContent='feed '+s.feed.name+(s.feed.finished?' (finished)':s.feed.stale?' (stale)':'')+' · '+s.feed.eventsProcessed+' events';f.className='badge '+(s.feed.healthy?'ok':'bad');
  document.getElementById('clock').textContent=iso(s.now)+' UTC';
  const pnl=s.equity-s.initialEquity;
  document.getElementById('equity').textContent=fmt(s.equity)+' '+s.currency;
  const p=document.getElementById('pnl');p.textContent=fmt(pnl)+' ('+fmt(100*pnl/s.initialEquity)+'%)';p.className=cls(pnl);
  document.getElementById('dd').textContent=fmt(100*s.risk.drawdown)+'%';
  document.getElementById('cash').textContent=fmt(s.cash);
  document.getElementById('ru').textContent=fmt(s.realizedPnl)+' / '+fmt(s.unrealizedPnl);
  document.getElementById('fees').textContent=fmt(s.fees);
  document.getElementById('positions').innerHTML=s.positions.map(x=>'<tr><td>'+esc(x.symbol)+'</td><td>'+fmt(x.quantity,6)+'</td><td>'+fmt(x.averageEntryPrice,4)+'</td><td>'+fmt(x.markPrice,4)+'</td><td class="'+cls(x.unrealizedPnl)+'">'+fmt(x.unrealizedPnl)+'</td></tr>').join('')||'<tr><td colspan=5>flat</td></tr>';
  document.getElementById('orders').innerHTML=s.openOrders.map(o=>'<tr><td>'+esc(o.clientOrderId)+'</td><td>'+o.side+'</td><td>'+esc(o.type)+'</td><td>'+fmt(o.quantity,6)+'</td><td>'+fmt(o.filledQuantity,6)+'</td><td>'+fmt(o.limitPrice??o.stopPrice??NaN,4)+'</td><td>'+esc(o.status)+'</td></tr>').join('')||'<tr><td colspan=7>none</td></tr>';
  document.getElementById('fills').innerHTML=s.recentFills.slice().reverse().map(x=>'<tr><td>'+iso(x.time)+'</td><td>'+esc(x.symbol)+'</td><td class="'+(x.side==='buy'?'pos':'neg')+'">'+x.side+'</td><td>'+fmt(x.quantity,6)+'</td><td>'+fmt(x.price,4)+'</td><td>'+fmt(x.fee,4)+'</td></tr>').join('')||'<tr><td colspan=6>none yet</td></tr>';
  const r=s.risk;
  document.getElementById('risk').innerHTML=[['Peak equity',fmt(r.peakEquity)],['Drawdown',fmt(100*r.drawdown)+'%'],['Approved',r.approved],['Resized',r.resized],['Rejected',r.rejected],['Last rejection',esc(r.lastRejection??'–')]].map(([a,b])=>'<tr><td>'+a+'</td><td>'+b+'</td></tr>').join('');
  const data=[s.equityCurve.time.map(t=>t/1000),s.equityCurve.equity];
  const el=document.getElementById('chart');
  if(!plot){plot=new uPlot({width:el.clientWidth||900,height:260,series:[{},{label:'Equity',stroke:'#58a6ff',width:2}],axes:[{stroke:'#9da7b3',grid:{stroke:'#21262d'}},{stroke:'#9da7b3',grid:{stroke:'#21262d'},size:80}]},data,el);}
  else plot.setData(data);
  document.body.dataset.ready='1';
}
fetch('api/status').then(r=>r.json()).then(render);
new EventSource('api/events').onmessage=e=>render(JSON.parse(e.data));
</script></body></html>`;
}
