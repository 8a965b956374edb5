#!/usr/bin/env python3
"""Writes prices.csv, the sample the compose stack's producer replays: six synthetic series (trend, daily and
weekly seasonality, noise, one level shift each), 1,200 rows in wide layout. The time column is a row number,
so `produce --step 1m` stamps the rows one minute apart, ending today. Seeded: the same file every time."""
import math
import random
from pathlib import Path

ROWS = 1200
SERIES = {  # name: (level, trend per row, daily amplitude, noise)
    "DAX": (15000.0, 0.8, 120.0, 25.0),
    "CAC": (7400.0, 0.3, 60.0, 12.0),
    "FTSE": (7700.0, -0.2, 50.0, 10.0),
    "EURUSD": (1.08, 0.00001, 0.004, 0.0008),
    "GOLD": (2050.0, 0.05, 8.0, 2.5),
    "LOAD": (320.0, 0.0, 80.0, 6.0),
}


def main():
    rng = random.Random(7)
    shift_at = {name: rng.randrange(ROWS // 3, ROWS) for name in SERIES}
    lines = ["t," + ",".join(SERIES)]
    for t in range(ROWS):
        row = [str(t)]
        for name, (level, trend, amp, noise) in SERIES.items():
            daily = amp * math.sin(2 * math.pi * t / 96)
            weekly = 0.4 * amp * math.sin(2 * math.pi * t / 672)
            shift = 3 * amp if t >= shift_at[name] else 0.0
            value = level + trend * t + daily + weekly + shift + rng.gauss(0, noise)
            row.append(f"{value:.5g}" if level < 10 else f"{value:.2f}")
        lines.append(",".join(row))
    Path(__file__).with_name("prices.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
