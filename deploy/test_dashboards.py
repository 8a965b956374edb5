#!/usr/bin/env python3
"""Proves that every Grafana panel works against the real application and a real Prometheus.

Starts `streamcast.jar demo` (embedded Kafka broker, generated traffic with bad records, the forecast pipeline,
metrics on a free port), starts Prometheus on deploy/prometheus/prometheus.yml — the compose stack's file, with
only the streamcast job's target swapped for the demo's address — and its alert rules, then evaluates every
panel's PromQL from deploy/grafana/dashboards/*.json through Prometheus' HTTP API (/api/v1/query), with
Grafana's variables filled in as Grafana would. Fails, naming dashboard and panel, when a query errors or
returns no data (or only NaN) before the deadline. Also runs promtool on the config and the rules, and checks
that Prometheus loaded and evaluated every alert rule. Stops what it started, also on failure or Ctrl-C.

Run it through deploy/test-dashboards.sh, which installs Prometheus and builds the jar first.
Ends with a line `N passed, M failed`.
"""
import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
PROMETHEUS_YML = DEPLOY / "prometheus" / "prometheus.yml"
ALERTS_YML = DEPLOY / "prometheus" / "alerts.yml"
ALERTS_TEST_YML = DEPLOY / "prometheus" / "alerts.test.yml"
DASHBOARDS = DEPLOY / "grafana" / "dashboards"
DATASOURCE_YML = DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml"
APP_JOB = "streamcast"


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seconds(text):
    m = re.fullmatch(r"(\d+)(ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"not a duration: {text}")
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)]


class Failure(Exception):
    pass


# ---------------------------------------------------------------- the configuration under test

def test_config(app_target):
    """prometheus.yml with the streamcast job's service discovery (the compose service's replicas) replaced
    by the demo's address; every other line as in the file the compose stack mounts."""
    lines = PROMETHEUS_YML.read_text().splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == "dns_sd_configs:"]
    if len(starts) != 1:
        raise Failure(f"{PROMETHEUS_YML}: expected one dns_sd_configs block (the {APP_JOB} job), found {len(starts)}")
    start = starts[0]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    pad = " " * indent
    return "".join(lines[:start] + [f"{pad}static_configs:\n", f"{pad}  - targets: ['{app_target}']\n"] + lines[end:])


def datasource():
    """uid and scrape interval (timeInterval) of the provisioned Prometheus datasource."""
    text = DATASOURCE_YML.read_text()
    uid = re.search(r"^\s*uid:\s*(\S+)", text, re.M)
    interval = re.search(r"^\s*timeInterval:\s*(\S+)", text, re.M)
    if not uid or not interval:
        raise Failure(f"{DATASOURCE_YML}: needs uid and jsonData.timeInterval")
    return uid.group(1), seconds(interval.group(1))


def load_dashboards(ds_uid):
    """(dashboard title, panel title, [exprs]) for every panel with queries, and the query variables."""
    panels, variables, uids, problems = [], {}, set(), []
    files = sorted(DASHBOARDS.glob("*.json"))
    if not files:
        raise Failure(f"no dashboards in {DASHBOARDS}")
    for f in files:
        d = json.loads(f.read_text())
        if d.get("uid") in uids:
            problems.append(f"{f.name}: duplicate uid {d.get('uid')}")
        uids.add(d.get("uid"))
        for v in d.get("templating", {}).get("list", []):
            if v.get("type") == "query":
                q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
                variables.setdefault(v["name"], set()).add(q)
                if not v.get("includeAll") or v.get("allValue") is None:
                    problems.append(f"{d['title']}: variable ${v['name']} needs includeAll with an allValue")
        stack = list(d.get("panels", []))
        while stack:
            p = stack.pop(0)
            stack.extend(p.get("panels", []))
            if p.get("type") in ("row", "text"):
                continue
            exprs = [t.get("expr", "") for t in p.get("targets", [])]
            if not exprs or not all(e.strip() for e in exprs):
                problems.append(f"{d['title']} / {p.get('title')}: a panel without a query")
            for where in [p] + p.get("targets", []):
                uid = (where.get("datasource") or {}).get("uid")
                if uid not in (None, ds_uid):
                    problems.append(f"{d['title']} / {p.get('title')}: datasource uid {uid}, provisioned is {ds_uid}")
            panels.append((d["title"], p.get("title"), exprs))
    if problems:
        raise Failure("dashboards are malformed:\n  " + "\n  ".join(problems))
    return panels, variables


def all_values(dashboards_dir):
    values = {}
    for f in dashboards_dir.glob("*.json"):
        for v in json.loads(f.read_text()).get("templating", {}).get("list", []):
            values[v["name"]] = v.get("allValue", ".*")
    return values


def expand(expr, builtins, variables):
    """Fills in Grafana's variables: $__rate_interval etc. and each dashboard variable's All value."""
    def sub(m):
        name = m.group(1) or m.group(2)
        if name in builtins:
            return builtins[name]
        if name in variables:
            return variables[name]
        raise Failure(f"unknown variable ${name} in: {expr}")
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", sub, expr)


# ---------------------------------------------------------------- processes

class Processes:
    """The processes this test started; each in its own session, stopped by its own id."""

    def __init__(self):
        self.started = []

    def start(self, name, args, log_path, **kw):
        out = open(log_path, "wb")
        p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, **kw)
        self.started.append((name, p, out))
        return p

    def stop_all(self):
        for name, p, out in reversed(self.started):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
            out.close()
        self.started.clear()


def tail(path, n=40):
    try:
        return "".join(Path(path).read_text(errors="replace").splitlines(keepends=True)[-n:])
    except OSError:
        return ""


def run_tool(args):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise Failure(f"{' '.join(map(str, args))} failed:\n{r.stdout}")
    return r.stdout


# ---------------------------------------------------------------- Prometheus API

class Prometheus:
    def __init__(self, base):
        self.base = base

    def get(self, path, **params):
        url = f"{self.base}{path}?{urllib.parse.urlencode(params, doseq=True)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:  # 400/422: the body says why
            body = e.read()
            try:
                return json.loads(body)
            except ValueError:
                return {"status": "error", "error": f"HTTP {e.code}: {body[:200]!r}"}

    def ready(self):
        try:
            with urllib.request.urlopen(f"{self.base}/-/ready", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def query(self, expr):
        """('error', message) | ('empty', detail) | ('ok', number of series with a value)."""
        r = self.get("/api/v1/query", query=expr)
        if r.get("status") != "success":
            return "error", f"{r.get('errorType', '')}: {r.get('error')}"
        data = r["data"]
        if data["resultType"] == "scalar":
            samples = [data["result"]]
        elif data["resultType"] == "vector":
            samples = [s["value"] for s in data["result"]]
        elif data["resultType"] == "matrix":
            samples = [v for s in data["result"] for v in s["values"]]
        else:
            samples = []
        with_value = sum(1 for _, v in samples if not math.isnan(float(v)))
        if with_value == 0:
            return "empty", "no data" if not samples else f"{len(samples)} series, all NaN"
        return "ok", with_value


# ---------------------------------------------------------------- the test

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jar", default=str(ROOT / "stream-app" / "target" / "streamcast.jar"))
    ap.add_argument("--timeout", type=float, default=240, help="seconds to wait for every panel to have data")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs, config) for a look")
    args = ap.parse_args()

    t0 = time.monotonic()
    results = []  # (name, ok, detail)
    work = Path(tempfile.mkdtemp(prefix="streamcast-dashboards-"))
    procs = Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(args, work, procs, results, t0)
    except Failure as e:
        results.append(("test setup", False, str(e)))
    except KeyboardInterrupt:
        results.append(("test", False, "interrupted"))
    finally:
        procs.stop_all()
        if args.keep:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    failed = [r for r in results if not r[1]]
    for name, ok, detail in results:
        if not ok:
            log(f"FAIL {name}: {detail}")
    log(f"dashboard test took {time.monotonic() - t0:.0f} s")
    log(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def run(args, work, procs, results, t0):
    for tool in ("prometheus", "promtool", "java"):
        if not shutil.which(tool):
            raise Failure(f"{tool} is not installed (deploy/test-dashboards.sh installs Prometheus)")
    if not Path(args.jar).is_file():
        raise Failure(f"no {args.jar}: build it with mvn package -DskipTests")

    # static checks: the files the compose stack mounts, as they are
    log(run_tool(["promtool", "check", "config", PROMETHEUS_YML]).strip())
    results.append(("promtool check config", True, ""))
    log(run_tool(["promtool", "check", "rules", ALERTS_YML]).strip())
    results.append(("promtool check rules", True, ""))
    log(run_tool(["promtool", "test", "rules", ALERTS_TEST_YML]).strip())
    results.append(("promtool test rules", True, ""))
    ds_uid, scrape = datasource()
    panels, variables = load_dashboards(ds_uid)
    values = all_values(DASHBOARDS)
    log(f"{len(panels)} panels in {len(list(DASHBOARDS.glob('*.json')))} dashboards")

    # the app: embedded broker, traffic with bad records, the pipeline; its temporary files under work/
    metrics_port = free_port()
    demo_log = work / "demo.log"
    demo = procs.start("demo", ["java", f"-Djava.io.tmpdir={work}", "-jar", args.jar, "demo", "--duration", "900s",
                                "--metrics-port", str(metrics_port)], demo_log)
    deadline = time.monotonic() + 180
    target = None
    while target is None:
        m = re.search(r"metrics http://([\w.]+):(\d+)/metrics", demo_log.read_text(errors="replace"))
        if m:
            target = f"127.0.0.1:{m.group(2)}"
        elif demo.poll() is not None:
            raise Failure(f"demo exited with {demo.returncode}:\n{tail(demo_log)}")
        elif time.monotonic() > deadline:
            raise Failure(f"demo did not start its metrics endpoint within 180 s:\n{tail(demo_log)}")
        else:
            time.sleep(0.5)
    log(f"demo up after {time.monotonic() - t0:.0f} s, metrics at {target}")

    # Prometheus on the compose file, the demo as the streamcast target
    config = work / "prometheus.yml"
    config.write_text(test_config(target))
    shutil.copy(ALERTS_YML, work / ALERTS_YML.name)
    run_tool(["promtool", "check", "config", config])
    prom_port = free_port()
    prom_log = work / "prometheus.log"
    prom_proc = procs.start("prometheus", ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={work / 'tsdb'}",
                                           f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"], prom_log)
    prom = Prometheus(f"http://127.0.0.1:{prom_port}")
    deadline = time.monotonic() + 60
    while not prom.ready():
        if prom_proc.poll() is not None or time.monotonic() > deadline:
            raise Failure(f"Prometheus did not become ready:\n{tail(prom_log)}")
        time.sleep(0.5)
    prom_started = time.monotonic()
    log(f"Prometheus ready after {prom_started - t0:.0f} s at {prom.base}")

    # poll until every panel, variable and rule has what it needs, or the deadline
    rule_count = len(re.findall(r"^\s*- alert:", ALERTS_YML.read_text(), re.M))
    deadline = time.monotonic() + args.timeout
    while True:
        builtins = {"__rate_interval": f"{int(4 * scrape)}s", "__interval": f"{int(scrape)}s",
                    "__range": f"{max(60, int(time.monotonic() - prom_started))}s"}
        checks = {}  # name -> (status, detail, expr) with status ok | empty | error
        up = prom.query(f'up{{job="{APP_JOB}"}} == 1')
        checks[f"target {target} scraped"] = (up[0], up[1], "")
        for name, queries in variables.items():
            for q in queries:
                m = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", q.strip())
                if not m:
                    checks[f"variable ${name}"] = ("error", f"not a label_values() query: {q}", q)
                    continue
                r = prom.get(f"/api/v1/label/{m.group(2)}/values", **{"match[]": m.group(1)})
                if r.get("status") != "success":
                    checks[f"variable ${name}"] = ("error", r.get("error"), q)
                else:
                    checks[f"variable ${name}"] = ("ok" if r["data"] else "empty", ", ".join(r["data"]) or "no values", q)
        rules = [r for g in prom.get("/api/v1/rules").get("data", {}).get("groups", []) for r in g["rules"]]
        bad = [r for r in rules if r.get("health") != "ok" or r.get("lastEvaluation", "0001").startswith("0001")]
        checks["alert rules loaded and evaluated"] = (
            "ok" if len(rules) == rule_count and not bad else "empty",
            f"{len(rules)}/{rule_count} loaded" + "".join(f"; {r['name']}: {r.get('health')} {r.get('lastError', '')}" for r in bad), "")
        for dashboard, panel, exprs in panels:
            for i, expr in enumerate(exprs):
                status, detail = prom.query(expand(expr, builtins, values))
                checks[f"panel {dashboard} / {panel} [{chr(65 + i)}]"] = (status, detail, expr)
        # an error (bad PromQL) will not heal by waiting: wait only for what has no data yet
        if all(status != "empty" for status, _, _ in checks.values()) or time.monotonic() > deadline:
            break
        if demo.poll() is not None:
            raise Failure(f"demo exited early with {demo.returncode}:\n{tail(demo_log)}")
        time.sleep(scrape)
    log(f"evaluated after {time.monotonic() - t0:.0f} s ({time.monotonic() - prom_started:.0f} s of scraping)")
    for name, (status, detail, expr) in checks.items():
        ok = status == "ok"
        log(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}" + (f" — {expr}" if expr else ""))
        results.append((name, ok, f"{detail}" + (f" — {expr}" if expr else "")))
    firing = sorted({r["name"] for r in rules if r.get("state") == "firing"})
    log(f"alerts firing at the end: {', '.join(firing) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
