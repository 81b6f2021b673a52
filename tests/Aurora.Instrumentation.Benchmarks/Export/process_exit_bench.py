#!/usr/bin/env python3
"""Whole-process cost of Aurora's export vs no telemetry vs a plain OpenTelemetry SDK setup.

"aurora vs timeline" isolates this package (export) from the core timeline's own cost.

Runs the probe app (tests/Aurora.Instrumentation.AotSmoke) in modes none / aurora / plain, interleaved
(A B C A B C ...), against a loopback OTLP http/protobuf receiver that either answers 200 at once ("live") or
accepts, reads the request and never answers ("hung"). Prints medians and ratios. Only 127.0.0.1 is used.

  python3 process_exit_bench.py --runs 30 --collector live --jit <dll> [--jit-packaged <dll>] --aot <native-binary>
      [--build LABEL=<dll>]... [--native LABEL=<native-binary>]...
"""
import argparse
import http.server
import os
import resource
import shutil
import socketserver
import statistics
import subprocess
import tempfile
import threading
import time


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hang = False
    received = 0
    by_path = {}

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        type(self).received += 1
        type(self).by_path[self.path] = type(self).by_path.get(self.path, 0) + 1
        if type(self).hang:
            time.sleep(3600)  # accepted, never answered (the thread dies with the script)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def run_once(argv, env, guard):
    """Wall time and CPU time (user+sys of the child, all its threads) in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Hang guard by a timer: Popen.wait(timeout=...) polls with sleeps of up to 50 ms, which would quantise every
    # measurement; a plain wait() blocks in waitpid and returns the moment the child exits.
    watchdog = threading.Timer(guard, process.kill)
    watchdog.start()
    process.wait()
    wall = (time.perf_counter() - start) * 1000.0
    watchdog.cancel()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000.0
    return wall, cpu


def spool_files(spool):
    """The spool's own data files (every destination folder), not its state files."""
    return [f for _, _, files in os.walk(spool) for f in files if f.endswith(".spool")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--collector", choices=["live", "hung"], default="live")
    parser.add_argument("--jit", help="path of Aurora.Instrumentation.AotSmoke.dll (run with dotnet)")
    parser.add_argument("--jit-packaged", help="path of Aurora.Instrumentation.AotSmoke.dll built against the packed libraries "
                             "(-p:AuroraPackages=<folder>): the libraries' ReadyToRun images, as a NuGet user gets them")
    parser.add_argument("--aot", help="path of the Native AOT Aurora.Instrumentation.AotSmoke binary")
    parser.add_argument("--build", action="append", default=[], metavar="LABEL=DLL",
                        help="any other build of the probe, run with dotnet (repeatable; e.g. before=<dll> after=<dll> for an A/B)")
    parser.add_argument("--native", action="append", default=[], metavar="LABEL=BINARY",
                        help="any other Native AOT build of the probe, run directly (repeatable)")
    parser.add_argument("--modes", default="none,timeline,aurora,plain",
                        help="timeline = the aurora probe with AURORA_TELEMETRY=off (core timeline only, no export); "
                             "aurora@N = the aurora probe with AURORA_EXPORT_FLUSH_MS=N")
    args = parser.parse_args()

    Receiver.hang = args.collector == "hung"
    server = Server(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    spool = tempfile.mkdtemp(prefix="aurora-bench-spool-")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "AURORA_")) and k != "CI"}
    env.update({
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "AURORA_SPOOL_DIR": spool,
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
    })
    modes = args.modes.split(",")
    targets = []
    if args.jit:
        targets.append(("jit", ["dotnet", args.jit]))
    if args.jit_packaged:
        targets.append(("pkg", ["dotnet", args.jit_packaged]))
    if args.aot:
        targets.append(("aot", [args.aot]))
    for build in args.build:
        label, path = build.split("=", 1)
        targets.append((label, ["dotnet", path]))
    for build in args.native:
        label, path = build.split("=", 1)
        targets.append((label, [path]))

    print(f"collector={args.collector} port={port} runs={args.runs} (interleaved), spool={spool}")
    # Every build and every mode take turns within each round, so drift of the machine hits all of them alike.
    times = {(name, mode): [] for name, _ in targets for mode in modes}
    cpus = {(name, mode): [] for name, _ in targets for mode in modes}
    for i in range(args.warmup + args.runs):
        for name, prefix in targets:
            for mode in modes:
                if mode == "timeline":
                    elapsed, cpu = run_once(prefix + ["aurora", "bench"], dict(env, AURORA_TELEMETRY="off"), guard=120)
                elif mode.startswith("aurora@"):
                    # aurora@500: the same probe with AURORA_EXPORT_FLUSH_MS=500 (a patient budget: waits for the export)
                    flush = mode.split("@", 1)[1]
                    elapsed, cpu = run_once(prefix + ["aurora", "bench"], dict(env, AURORA_EXPORT_FLUSH_MS=flush), guard=120)
                else:
                    elapsed, cpu = run_once(prefix + [mode, "bench"], env, guard=120)
                if i >= args.warmup:
                    times[(name, mode)].append(elapsed)
                    cpus[(name, mode)].append(cpu)
    for name, _ in targets:
        base = statistics.median(times[(name, "none")]) if "none" in modes else None
        timeline = statistics.median(times[(name, "timeline")]) if "timeline" in modes else None
        for mode in modes:
            samples = times[(name, mode)]
            median = statistics.median(samples)
            extra = f"  vs none +{median - base:7.1f} ms x{median / base:5.2f}" if base else ""
            if timeline and (mode.startswith("aurora") or mode == "plain"):
                extra += f"  vs timeline +{median - timeline:7.1f} ms"
            q = statistics.quantiles(samples, n=4)
            print(f"{name:6} {mode:8} wall median {median:8.1f} ms (q1 {q[0]:7.1f}, q3 {q[2]:7.1f}){extra}   cpu median {statistics.median(cpus[(name, mode)]):7.1f} ms")
    # Detached senders deliver after their run exited: give them a bounded moment before counting what is left.
    deadline = time.time() + 30
    while time.time() < deadline and Receiver.hang is False and spool_files(spool):
        time.sleep(0.2)
    print(f"requests seen by the receiver: {Receiver.received} {dict(sorted(Receiver.by_path.items()))}; spool files left: {len(spool_files(spool))}")
    server.shutdown()
    shutil.rmtree(spool, ignore_errors=True)


if __name__ == "__main__":
    main()
