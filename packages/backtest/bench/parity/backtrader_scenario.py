#!/usr/bin/env python3
"""The @bot parity scenario run by the REAL backtrader engine (`import backtrader`: an installed backtrader, or a
source checkout named by BACKTRADER_PATH).

Long-only SMA(fast)/SMA(slow) crossover on the close (bt.ind.CrossOver), buy on an up-cross when flat, close()
on a down-cross; market orders created at the bar's close and filled by backtrader's default BackBroker at the
next bar's open; commission 0.1% per side (cerebro.broker.setcommission(commission=fee)); starting cash 10000;
all-in sizing exactly as bench/parity/reference.py decides it:
    size = floor_to_lot(cash / (close * (1 + fee)))   (float division, then Decimal(repr(raw)) floored to the lot)
where cash is broker.getcash() at the decision bar.

Usage: [BACKTRADER_PATH=dir] python3 backtrader_scenario.py data.csv [--fast 10] [--slow 30] [--fee 0.001] [--cash 10000] [--lot 0.00000001]
Prints one JSON object in reference.py's format:
  {"fills": [[bar, "buy"|"sell", "size", "price"], ...], "finalEquity": "...", "bars": n, "rejected": k,
   "runSeconds": s}
bar = 0-based CSV row of the fill bar; size = abs(order.executed.size), price = order.executed.price (repr of the
floats backtrader reports in notify_order); rejected = orders notified as Margin/Rejected; finalEquity =
broker.getvalue() after the run; runSeconds = wall time of cerebro.run() (includes CSV parsing/preload).
"""
import argparse
import json
import os
import sys
import time
from decimal import Decimal, ROUND_FLOOR

if os.environ.get('BACKTRADER_PATH'):
    sys.path.insert(0, os.environ['BACKTRADER_PATH'])
import backtrader as bt  # noqa: E402

PRICE_MODE = os.environ.get('PARITY_BT_PRICE', 'executed')


class AllInSizer(bt.Sizer):
    params = (('fee', 0.001), ('lot', '0.00000001'))

    def _getsizing(self, comminfo, cash, data, isbuy):
        if not isbuy:
            return abs(self.strategy.getposition(data).size)
        raw = cash / (data.close[0] * (1 + self.p.fee))
        lot = Decimal(self.p.lot)
        size = (Decimal(repr(raw)) / lot).to_integral_value(rounding=ROUND_FLOOR) * lot
        return float(size)


class SmaCross(bt.Strategy):
    params = (('fast', 10), ('slow', 30))

    def __init__(self):
        fast = bt.ind.SMA(self.data.close, period=self.p.fast)
        slow = bt.ind.SMA(self.data.close, period=self.p.slow)
        self.crossover = bt.ind.CrossOver(fast, slow)
        self.fills = []
        self.rejected = 0

    def notify_order(self, order):
        if order.status == order.Completed:
            bar = len(self.data) - 1  # 0-based row of the bar being processed (the fill bar)
            side = 'buy' if order.isbuy() else 'sell'
            # PARITY_BT_PRICE=exbit reports the price of the execution bit (the open backtrader executed at)
            # instead of order.executed.price (backtrader's size-weighted average (0*0 + size*price) / size,
            # which can differ from the execution price by 1 ulp)
            price = order.executed.exbits[-1].price if PRICE_MODE == 'exbit' else order.executed.price
            self.fills.append([bar, side, repr(abs(order.executed.size)), repr(price)])
        elif order.status in (order.Margin, order.Rejected):
            self.rejected += 1

    def next(self):
        if not self.position:
            if self.crossover > 0:
                self.buy()
        elif self.crossover < 0:
            self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('csv')
    ap.add_argument('--fast', type=int, default=10)
    ap.add_argument('--slow', type=int, default=30)
    ap.add_argument('--fee', default='0.001')
    ap.add_argument('--cash', default='10000')
    ap.add_argument('--lot', default='0.00000001')
    a = ap.parse_args()

    with open(a.csv, 'r', encoding='utf-8') as f:
        header = f.readline().strip().split(',')
    col = {name: i for i, name in enumerate(header)}

    cerebro = bt.Cerebro(stdstats=False)
    data = bt.feeds.GenericCSVData(
        dataname=a.csv, headers=True, separator=',',
        dtformat='%Y-%m-%dT%H:%M:%SZ',
        # intraday timeframe: datetimes are taken as-is (a Days timeframe would stamp every bar with the end of
        # its day, merging intraday bars' timestamps); prices are not touched either way
        timeframe=bt.TimeFrame.Minutes, compression=1,
        datetime=col['timestamp'], time=-1,
        open=col['open'], high=col['high'], low=col['low'], close=col['close'],
        volume=col.get('volume', -1), openinterest=-1)
    cerebro.adddata(data)
    cerebro.addstrategy(SmaCross, fast=a.fast, slow=a.slow)
    cerebro.addsizer(AllInSizer, fee=float(a.fee), lot=a.lot)
    cerebro.broker.setcash(float(a.cash))
    cerebro.broker.setcommission(commission=float(a.fee))

    t0 = time.perf_counter()
    strat = cerebro.run()[0]
    dt = time.perf_counter() - t0

    json.dump({'fills': strat.fills, 'finalEquity': repr(cerebro.broker.getvalue()), 'bars': len(data),
               'rejected': strat.rejected, 'runSeconds': dt,
               'engine': 'backtrader %s' % bt.__version__}, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
