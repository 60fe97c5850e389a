#!/usr/bin/env python3
"""Independent reference of the backtrader parity scenario, in pure Python (no numpy, no backtrader).

Scenario: long-only SMA(fast)/SMA(slow) crossover on the close, market orders filled at the next bar's open,
commission `fee` per side on the fill notional, all-in sizing. It follows backtrader's semantics step by step:

- SMA: backtrader's ``Average`` -> ``math.fsum(window) / period`` (exactly rounded window sum).
- CrossOver (backtrader >= 1.9.7x, ``crossover.py``): ``NonZeroDifference`` ``nzd[t] = fast[t] - slow[t]`` when that
  difference is non-zero, else ``nzd[t-1]``, seeded on the first bar where both averages exist (``nextstart``).
  up-cross at t  <=> ``nzd[t-1] < 0 and fast[t] > slow[t]``; down-cross <=> ``nzd[t-1] > 0 and fast[t] < slow[t]``.
  So the first signal can come on bar index ``slow`` (0-based): the strategy's minimum period is ``slow + 1``.
- Strategy ``next()`` (the classic backtrader sample): ``if not position: if cross > 0: buy()``
  ``elif cross < 0: close()``.
- Orders are created in ``next()`` of bar t with ``created.price = close[t]``; the broker's ``next()`` of bar t+1
  first runs ``check_submitted`` (a pseudo-execution at ``created.price``: the order is rejected with ``Margin`` when
  cash would go negative), then executes market orders at ``open[t+1]``; a buy whose opening cost plus commission
  exceeds the cash at that price is nullified (``Margin``), never partially filled.
- Commission (``CommInfoBase``, stock-like, ``COMM_PERC``, ``percabs=True``): ``abs(size) * commission * price``.
- All-in sizing as the @bot issue defines it: ``size = cash / (close[t] * (1 + fee))`` at the decision bar's close,
  rounded down to the lot size (``--lot``, default 1e-8). backtrader's own ``AllInSizer`` uses ``cash / close`` and
  ignores the commission, so every order would be rejected for margin with a commission: the scenario therefore uses
  this custom sizer in backtrader too.
- Final equity: ``broker.getvalue()`` = cash + position size * last close.

Money is kept in exact decimals (Python ``decimal``, 50 digits) rather than backtrader's floats, so the comparison
tests the semantics, not float round-off; averages and the sizing division are floats, as in backtrader.

Usage: python3 reference.py data.csv [--fast 10] [--slow 30] [--fee 0.001] [--cash 10000] [--lot 0.00000001]
Prints one JSON object: {"fills": [[bar, "buy"|"sell", "size", "price"], ...], "finalEquity": "...", "bars": n,
"rejected": k, "runSeconds": s}.
"""
import argparse
import json
import math
import sys
import time
from decimal import Decimal, getcontext, ROUND_FLOOR

getcontext().prec = 50


def load_csv(path):
    opens, closes = [], []
    with open(path, "r", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        io, ic = header.index("open"), header.index("close")
        for line in f:
            if not line.strip():
                continue
            parts = line.rstrip("\n").split(",")
            opens.append(parts[io])
            closes.append(parts[ic])
    return opens, closes


def sma_series(values, period):
    out = [None] * len(values)
    for i in range(period - 1, len(values)):
        out[i] = math.fsum(values[i - period + 1:i + 1]) / period
    return out


def run(opens_txt, closes_txt, fast_p, slow_p, fee_txt, cash_txt, lot_txt):
    n = len(closes_txt)
    close_f = [float(x) for x in closes_txt]
    fast = sma_series(close_f, fast_p)
    slow = sma_series(close_f, slow_p)
    fee = Decimal(fee_txt)
    fee_f = float(fee_txt)
    lot = Decimal(lot_txt)
    cash = Decimal(cash_txt)
    position = Decimal(0)
    pending = None  # (side, size, created_price, created_bar)
    fills = []
    rejected = 0
    nzd_prev = None
    first = max(fast_p, slow_p) - 1  # first bar where both averages exist
    for t in range(n):
        # --- broker.next() of bar t: check_submitted, then execute at the open
        if pending is not None:
            side, size, created_price, _ = pending
            pending = None
            if side == "buy":
                cost_at_created = size * created_price
                if cash - cost_at_created - size * fee * created_price < 0:
                    rejected += 1
                else:
                    price = Decimal(opens_txt[t])
                    cost = size * price
                    comm = size * fee * price
                    if cash - cost - comm < 0:
                        rejected += 1
                    else:
                        cash = cash - cost - comm
                        position += size
                        fills.append([t, "buy", str(size), opens_txt[t]])
            else:
                price = Decimal(opens_txt[t])
                cash = cash + size * price - size * fee * price
                position -= size
                fills.append([t, "sell", str(size), opens_txt[t]])
        # --- indicators of bar t
        if t < first:
            continue
        diff = fast[t] - slow[t]
        if t == first:
            nzd_prev = diff  # NonZeroDifference.nextstart seeds with the raw difference
            continue
        cross = 0
        if nzd_prev < 0 and fast[t] > slow[t]:
            cross = 1
        elif nzd_prev > 0 and fast[t] < slow[t]:
            cross = -1
        nzd_prev = diff if diff != 0 else nzd_prev
        # --- strategy.next() of bar t
        if position == 0:
            if cross > 0:
                raw = float(cash) / (close_f[t] * (1 + fee_f))
                size = (Decimal(repr(raw)) / lot).to_integral_value(rounding=ROUND_FLOOR) * lot
                if size > 0:
                    pending = ("buy", size, Decimal(closes_txt[t]), t)
        elif cross < 0:
            pending = ("sell", position, Decimal(closes_txt[t]), t)
    equity = cash + position * Decimal(closes_txt[n - 1]) if n > 0 else cash
    return fills, equity, rejected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--fast", type=int, default=10)
    ap.add_argument("--slow", type=int, default=30)
    ap.add_argument("--fee", default="0.001")
    ap.add_argument("--cash", default="10000")
    ap.add_argument("--lot", default="0.00000001")
    a = ap.parse_args()
    opens, closes = load_csv(a.csv)
    t0 = time.perf_counter()
    fills, equity, rejected = run(opens, closes, a.fast, a.slow, a.fee, a.cash, a.lot)
    dt = time.perf_counter() - t0
    json.dump({"fills": fills, "finalEquity": str(equity), "bars": len(closes), "rejected": rejected, "runSeconds": dt}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
