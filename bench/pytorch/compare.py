#!/usr/bin/env python3
"""streamcast beside a Python consumer with PyTorch, on the same broker and the same input.

Starts the embedded broker (`streamcast.jar broker`), preloads one prices topic, then runs over it, one after the
other:

  * torch:  a Python consumer (confluent-kafka) that keeps each series' last W points, runs every full window through
            an LSTM forecaster of the same shape in PyTorch, in batches of up to --batch windows, and produces one
            forecast per point in streamcast's format; offsets committed after each batch (at least once);
  * the same consumer with transactions: outputs and offsets committed together every 100 ms (exactly once, as
            Kafka Streams commits; its windows, kept in memory, are not);
  * streamcast, default settings (exactly-once, live scoring and calibrated intervals);
  * streamcast with `streamcast.forecast.scoring.enabled=false`.

Each figure is outputs per second between the first and the last output read by the same read_committed consumer,
so start-up time is not counted. Prints one JSON line. The network's weights do not change its cost: streamcast serves
a quickly trained artifact, PyTorch the same shape with random weights.

  python3 bench/pytorch/compare.py              # after `mvn package`; needs python3-torch, python3-confluent-kafka
"""
import argparse
import json
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from datetime import datetime, timezone

import numpy as np
import torch
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "stream-app", "target", "streamcast.jar")
START_MS = 1767225600000  # 2026-01-01T00:00:00Z
STEP_MS = 60_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"compare: timed out after {seconds} s waiting for {what}")


# ---------------------------------------------------------------------------------------------------------- input


def series_values(n_series, points, seed):
    rnd = random.Random(seed)
    out = []
    for s in range(n_series):
        level = 100 + rnd.random() * 900
        vals = []
        for t in range(points):
            level *= 1 + rnd.gauss(0, 0.002)
            vals.append(round(level * (1 + 0.01 * math.sin(2 * math.pi * t / 24)), 4))
        out.append(vals)
    return out


def produce(p, topic, key, value):
    while True:
        try:
            p.produce(topic, key=key, value=value)
            return
        except BufferError:  # the local queue is full: let deliveries drain it
            p.poll(0.05)


def preload(bootstrap, topic, values):
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "enable.idempotence": True,
                  "compression.type": "lz4"})
    n = 0
    for t in range(len(values[0])):
        for s, vals in enumerate(values):
            key = f"s{s:05d}"
            produce(p, topic, key, json.dumps({"series": key, "ts": START_MS + t * STEP_MS, "value": vals[t]}))
            n += 1
    if p.flush(60) != 0:
        raise SystemExit("compare: the input was not all delivered")
    del p
    return n


class OutputCounter:
    """Counts a topic's records as a read_committed consumer sees them; remembers the first and last arrival."""

    def __init__(self, bootstrap, topic):
        self.c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"cmp-reader-{topic}-{time.time_ns()}",
                           "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                           "enable.auto.commit": False})
        self.c.subscribe([topic])
        self.count = 0
        self.first = None
        self.last = None
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            msgs = self.c.consume(num_messages=5000, timeout=0.1)
            good = [m for m in msgs if m.error() is None]
            if good:
                now = time.monotonic()
                if self.first is None:
                    self.first = now
                self.count += len(good)
                self.last = now
        self.c.close()

    def rate(self, expected, seconds):
        wait_for(lambda: self.count >= expected, seconds, f"{expected} outputs (have {self.count})")
        self.stop = True
        self.thread.join(10)
        if self.last - self.first < 0.5:
            raise SystemExit(f"compare: {self.count} outputs came within {self.last - self.first:.3f} s, too few to "
                             "time; raise --series or --points")
        return (self.count - 1) / (self.last - self.first)


# ------------------------------------------------------------------------------------------------------ the model


class LstmForecaster(torch.nn.Module):
    """streamcast's forecaster: a window scaled by its mean and spread, an LSTM whose last state and the scaled window
    itself each go through a dense layer to one value per horizon step, their sum a scaled correction to the
    seasonal-naive base; intervals from per-step widths."""

    def __init__(self, window, horizon, season, units):
        super().__init__()
        self.window, self.horizon, self.season = window, horizon, season
        self.lstm = torch.nn.LSTM(input_size=1, hidden_size=units, batch_first=True)
        self.dense = torch.nn.Linear(units, horizon)
        self.highway = torch.nn.Linear(window, horizon)  # the scaled window straight to the output, as streamcast's
        self.widths = torch.linspace(1.0, 2.0, horizon)

    @torch.inference_mode()
    def forward(self, windows):  # windows: (batch, window) float64
        mean = windows.mean(dim=1, keepdim=True)
        sd = windows.std(dim=1, unbiased=False, keepdim=True)
        scale = torch.maximum(sd, torch.clamp(1e-6 * mean.abs(), min=1e-12))
        x = ((windows - mean) / scale).clamp(-20, 20).float().unsqueeze(-1)
        out, _ = self.lstm(x)
        corr = (self.dense(out[:, -1, :]) + self.highway(x.squeeze(-1))).double()
        idx = self.window - self.season + torch.arange(self.horizon) % self.season
        point = windows[:, idx] + corr * scale
        half = self.widths.double() * scale
        return point, point - half, point + half


def raw_rate(model, batch, seconds=3.0):
    w = torch.randn(batch, model.window, dtype=torch.float64) + 100
    for _ in range(5):
        model(w)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        model(w)
        n += batch
    return n / (time.perf_counter() - start)


def run_torch(bootstrap, in_topic, out_topic, model, batch, expected, stop_flag, transactional):
    """At least once: offsets committed after each batch. Transactional: the outputs and the input offsets of up to
    100 ms of batches in one transaction, as Kafka Streams' exactly-once commits them."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"cmp-torch-{time.time_ns()}",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([in_topic])
    conf = {"bootstrap.servers": bootstrap, "linger.ms": 5, "compression.type": "lz4", "enable.idempotence": True}
    if transactional:
        conf["transactional.id"] = f"cmp-torch-{time.time_ns()}"
    p = Producer(conf)
    if transactional:
        p.init_transactions(30)
    windows = {}
    served = 0
    txn_started = None
    name = {"name": "forecaster", "version": 1}
    while not stop_flag.is_set() and served < expected:
        msgs = c.consume(num_messages=batch, timeout=0.1)
        if transactional and msgs and txn_started is None:
            p.begin_transaction()
            txn_started = time.monotonic()
        ready = []
        for m in msgs:
            if m.error() is not None:
                continue
            rec = json.loads(m.value())
            w = windows.get(rec["series"])
            if w is None:
                w = windows[rec["series"]] = deque(maxlen=model.window)
            w.append(rec["value"])
            if len(w) == model.window:
                ready.append((rec["series"], rec["ts"], np.fromiter(w, dtype=np.float64, count=model.window)))
        if ready:
            point, lower, upper = (t.numpy() for t in model(torch.from_numpy(np.stack([r[2] for r in ready]))))
            for i, (series, ts, _) in enumerate(ready):
                steps = [{"step": h + 1, "ts": iso(ts + (h + 1) * STEP_MS), "value": float(point[i, h]),
                          "lower": float(lower[i, h]), "upper": float(upper[i, h])} for h in range(model.horizon)]
                produce(p, out_topic, series, json.dumps({"series": series, "ts": iso(ts), "horizon": steps, "model": name}))
            p.poll(0)
            served += len(ready)
        if not transactional:
            if msgs:
                c.commit(asynchronous=True)
        elif txn_started is not None and (time.monotonic() - txn_started >= 0.1 or served >= expected):
            p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 30)
            p.commit_transaction(30)
            txn_started = None
    p.flush(60)
    c.close()
    del p


def torch_rate(bootstrap, out_topic, model, batch, expected, transactional):
    counter = OutputCounter(bootstrap, out_topic)
    stop = threading.Event()
    worker = threading.Thread(target=run_torch, args=(bootstrap, "cmp-prices", out_topic, model, batch, expected, stop,
                                                      transactional), daemon=True)
    worker.start()
    try:
        return counter.rate(expected, 600)
    finally:
        stop.set()
        worker.join(60)


# ------------------------------------------------------------------------------------------------------ streamcast


def java(*args, **kw):
    return subprocess.Popen(["java", "-jar", JAR, *args], **kw)


def train_artifact(work, season, window, horizon, units):
    csv = os.path.join(work, "train.csv")
    with open(csv, "w") as f:
        f.write("series,timestamp,value\n")
        for s, vals in enumerate(series_values(20, 400, seed=7)):
            for t, v in enumerate(vals):
                f.write(f"t{s},{START_MS + t * STEP_MS},{v}\n")
    out = os.path.join(work, "forecaster.zip")
    subprocess.run(["java", "-jar", JAR, "train", "forecaster", "--data", csv, "--out", out, "--epochs", "1",
                    "--max-windows", "2000", "--season", str(season), "--window", str(window), "--horizon",
                    str(horizon), "--lstm", str(units)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def run_streamcast(bootstrap, work, label, in_topic, out_topic, artifact, settings, expected, log, window):
    props = os.path.join(work, f"{label}.properties")
    with open(props, "w") as f:
        f.write(f"streamcast.topic.prices={in_topic}\nstreamcast.topic.forecasts={out_topic}\n"
                f"streamcast.topic.forecast-scores={out_topic}-scores\nstreamcast.topic.dead-letters={out_topic}-dlq\n"
                f"streamcast.anomaly.enabled=false\nstreamcast.forecaster.window={window}\n")
        for k, v in settings.items():
            f.write(f"{k}={v}\n")
    counter = OutputCounter(bootstrap, out_topic)
    proc = java("run", "-b", bootstrap, "--role", "serve", "--config", props, "--model", artifact,
                "--application-id", f"cmp-{label}-{time.time_ns()}", "--metrics-port", "0",
                "--state-dir", os.path.join(work, f"state-{label}"), stdout=log, stderr=log)
    try:
        return counter.rate(expected, 600)
    finally:
        proc.terminate()
        proc.wait(60)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", type=int, default=1000)
    ap.add_argument("--points", type=int, default=200, help="points per series (the first W-1 only fill windows)")
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--horizon", type=int, default=12)
    ap.add_argument("--season", type=int, default=24)
    ap.add_argument("--units", type=int, default=32, help="LSTM units (the bench's default forecaster: 32)")
    ap.add_argument("--batch", type=int, default=256, help="windows per PyTorch call at most")
    ap.add_argument("--torch-threads", type=int, default=0, help="torch.set_num_threads (0: PyTorch's default)")
    ap.add_argument("--partitions", type=int, default=4, help="partitions of the topics (4: as run creates them)")
    args = ap.parse_args()
    if not os.path.exists(JAR):
        raise SystemExit(f"compare: {JAR} is missing; run `mvn -q package -DskipTests` first")
    if args.points < args.window:
        raise SystemExit(f"compare: --points ({args.points}) must be at least --window ({args.window})")
    if args.torch_threads > 0:
        torch.set_num_threads(args.torch_threads)

    work = tempfile.mkdtemp(prefix="streamcast-compare-")
    log = open(os.path.join(work, "java.log"), "w")
    port = free_port()
    broker = java("broker", "--port", str(port), "--partitions", str(args.partitions), stdout=log, stderr=log)
    bootstrap = f"127.0.0.1:{port}"
    try:
        admin = AdminClient({"bootstrap.servers": bootstrap})
        wait_for(lambda: _reachable(admin), 60, f"the broker at {bootstrap}")
        topics = ["cmp-prices", "cmp-torch-out", "cmp-torch-eos-out", "cmp-sc-out", "cmp-sc-out-scores", "cmp-sc-out-dlq",
                  "cmp-noscore-out", "cmp-noscore-out-scores", "cmp-noscore-out-dlq"]
        for f in admin.create_topics([NewTopic(t, args.partitions, 1) for t in topics]).values():
            f.result()
        values = series_values(args.series, args.points, seed=1)
        records = preload(bootstrap, "cmp-prices", values)
        expected = args.series * (args.points - args.window + 1)

        torch.manual_seed(1)
        model = LstmForecaster(args.window, args.horizon, args.season, args.units).eval()
        raw = raw_rate(model, args.batch)
        artifact = train_artifact(work, args.season, args.window, args.horizon, args.units)

        torch_alo = torch_rate(bootstrap, "cmp-torch-out", model, args.batch, expected, False)
        torch_eos = torch_rate(bootstrap, "cmp-torch-eos-out", model, args.batch, expected, True)

        sc = run_streamcast(bootstrap, work, "sc", "cmp-prices", "cmp-sc-out", artifact, {}, expected, log, args.window)
        noscore = run_streamcast(bootstrap, work, "noscore", "cmp-prices", "cmp-noscore-out", artifact,
                                 {"streamcast.forecast.scoring.enabled": "false"}, expected, log, args.window)
        print(json.dumps({
            "records": records, "forecasts": expected, "series": args.series, "window": args.window,
            "horizon": args.horizon, "lstm_units": args.units, "batch": args.batch,
            "torch_version": torch.__version__, "torch_threads": torch.get_num_threads(),
            "torch_raw_batched_per_s": round(raw),
            "torch_consumer_per_s": round(torch_alo),
            "torch_consumer_transactional_per_s": round(torch_eos),
            "streamcast_per_s": round(sc),
            "streamcast_no_scoring_per_s": round(noscore),
            "streamcast_vs_torch_transactional": round(sc / torch_eos, 2),
            "streamcast_no_scoring_vs_torch_transactional": round(noscore / torch_eos, 2),
            "streamcast_no_scoring_vs_torch": round(noscore / torch_alo, 2),
        }))
    finally:
        broker.terminate()
        broker.wait(60)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def _reachable(admin):
    try:
        admin.list_topics(timeout=1)
        return True
    except KafkaException:
        return False


if __name__ == "__main__":
    main()
