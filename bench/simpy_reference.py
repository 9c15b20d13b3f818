# rr-100x10k written in SimPy, for the throughput comparison in bench/run.ts: Poisson arrivals,
# round-robin over single-worker Resources, exponential service. Prints one JSON line.
# Uses SimPy 3+ (`import simpy`, Debian python3-simpy3) or else SimPy 2 (Debian python3-simpy).

import argparse
import json
import random
import resource
import sys
import time

INSTANCE_COUNT = 100
RATE_PER_S = 10_000
MEAN_SERVICE_MS = 7.0


class Stats:
    def __init__(self):
        self.arrivals = 0
        self.completed = 0
        self.latency_sum_ms = 0.0


def run_simpy3(simpy, duration_ms, seed, stats):
    env = simpy.Environment()
    servers = [simpy.Resource(env, capacity=1) for _ in range(INSTANCE_COUNT)]
    # One generator per stream, like the simulator's, so no stream's draws depend on another's.
    traffic_rng = random.Random(f"{seed}:traffic")
    service_rngs = [random.Random(f"{seed}:instance/{i}") for i in range(INSTANCE_COUNT)]
    arrival_rate_per_ms = RATE_PER_S / 1000.0
    service_rate_per_ms = 1.0 / MEAN_SERVICE_MS

    def request(server, service_rng):
        arrival_ms = env.now
        with server.request() as slot:
            yield slot
            yield env.timeout(service_rng.expovariate(service_rate_per_ms))
        stats.completed += 1
        stats.latency_sum_ms += env.now - arrival_ms

    def arrivals():
        next_instance = 0
        while True:
            yield env.timeout(traffic_rng.expovariate(arrival_rate_per_ms))
            stats.arrivals += 1
            env.process(request(servers[next_instance], service_rngs[next_instance]))
            next_instance = (next_instance + 1) % INSTANCE_COUNT

    env.process(arrivals())
    env.run(until=duration_ms)


def run_simpy2(duration_ms, seed, stats):
    from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

    initialize()
    servers = [Resource(capacity=1) for _ in range(INSTANCE_COUNT)]
    traffic_rng = random.Random(f"{seed}:traffic")
    service_rngs = [random.Random(f"{seed}:instance/{i}") for i in range(INSTANCE_COUNT)]
    arrival_rate_per_ms = RATE_PER_S / 1000.0
    service_rate_per_ms = 1.0 / MEAN_SERVICE_MS

    class Request(Process):
        def visit(self, server, service_rng):
            arrival_ms = now()
            yield request, self, server
            yield hold, self, service_rng.expovariate(service_rate_per_ms)
            yield release, self, server
            stats.completed += 1
            stats.latency_sum_ms += now() - arrival_ms

    class Source(Process):
        def generate(self):
            next_instance = 0
            while True:
                yield hold, self, traffic_rng.expovariate(arrival_rate_per_ms)
                stats.arrivals += 1
                job = Request()
                activate(job, job.visit(servers[next_instance], service_rngs[next_instance]))
                next_instance = (next_instance + 1) % INSTANCE_COUNT

    source = Source()
    activate(source, source.generate())
    simulate(until=duration_ms)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration-s", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api", choices=["auto", "simpy3", "simpy2"], default="auto")
    args = parser.parse_args()
    duration_ms = args.duration_s * 1000.0

    simpy = None
    if args.api in ("auto", "simpy3"):
        try:
            import simpy
        except ImportError:
            if args.api == "simpy3":
                raise
    stats = Stats()
    start_s = time.perf_counter()
    if simpy is not None:
        run_simpy3(simpy, duration_ms, args.seed, stats)
        api = f"simpy {simpy.__version__}"
    else:
        run_simpy2(duration_ms, args.seed, stats)
        api = "SimPy 2 (SimPy.Simulation)"
    wall_s = time.perf_counter() - start_s
    # ru_maxrss is in KiB on Linux.
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({
        "workload": "simpy-100x10k",
        "api": api,
        "python": sys.version.split()[0],
        "durationS": args.duration_s,
        "requests": stats.arrivals,
        "completed": stats.completed,
        "wallS": wall_s,
        "meanLatencyMs": stats.latency_sum_ms / stats.completed if stats.completed else 0.0,
        "peakRssMiB": peak_rss_mib,
    }))


if __name__ == "__main__":
    main()
