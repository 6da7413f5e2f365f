#!/usr/bin/env python3
"""Compare rapport's trust engine with igraph and networkx on the same graphs.

Two parts (see bench/README.md):

  synthetic  `rapport bench trust --export-edges` writes the graph EigenTrust
             ran on; igraph and networkx load it in this same run; each metric
             is timed in each library and compared value by value with
             `rapport analyze --json` on that file.
  real       `rapport analyze --betweenness exact` on ../shared/data graphs,
             timed whole (reading included), against igraph's PageRank,
             constraint and exact betweenness on the same graph (loading
             excluded).

Needs: pip install python-igraph networkx numpy scipy
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

import igraph as ig
import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "data")


def run_json(cmd):
    started = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out), time.perf_counter() - started


def read_edges(path):
    """(sources, targets, weights, names) from an EDGES.csv (maybe .gz),
    with node ids mapped to 0..n-1 in order of first appearance, as
    `rapport analyze` does."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        text = f.read()
    lines = text.split("\n", 1)
    body = lines[1] if lines[0].strip().lower().startswith("source") else text
    arr = np.array(body.replace("\n", ",").rstrip(",").split(","), dtype=np.float64)
    arr = arr.reshape(-1, 3) if arr.size % 3 == 0 else arr.reshape(-1, 2)
    raw = arr[:, :2].astype(np.int64)
    weights = arr[:, 2] if arr.shape[1] == 3 else np.ones(len(arr))
    # First-appearance order, row by row: source then target.
    uniq, first, inverse = np.unique(raw.reshape(-1), return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[by_first] = np.arange(len(uniq))
    mapped = rank[inverse.reshape(-1)].reshape(-1, 2)
    order = uniq[by_first]
    names = [str(int(v)) for v in order]
    return mapped[:, 0], mapped[:, 1], weights, names


def to_igraph(src, dst, w, n):
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=True)
    g.es["weight"] = w.tolist()
    # Repeated rows add their weights, as in rapport analyze.
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    return g


def timed(f):
    started = time.perf_counter()
    value = f()
    return value, time.perf_counter() - started


def max_diff(ours, names, theirs):
    worst = 0.0
    for k, name in enumerate(names):
        a, b = ours.get(name), theirs[k]
        if a is None or b is None or (isinstance(b, float) and np.isnan(b)):
            if not (a is None and (b is None or np.isnan(b))):
                worst = max(worst, float("inf"))
            continue
        worst = max(worst, abs(a - b))
    return worst


def row(metric, ours, other, ratio_label, agree):
    ratio = other / ours if ours and other else float("nan")
    print(f"  {metric:<34} {ours:>10.3f} {other:>10.3f} {ratio:>8.1f}x   {ratio_label:<9} {agree}")


def synthetic(rapport, people, ties, nx_max_ties, workdir):
    edges = os.path.join(workdir, "bench-edges.csv")
    bench, _ = run_json([rapport, "bench", "trust", "--people", str(people), "--ties", str(ties),
                         "--json", "--export-edges", edges])
    print(f"\n== rapport bench trust --people {people} --ties {ties} (machine: {os.cpu_count()} cores)")
    for k in ["events", "replay_seconds", "replay_events_per_second", "eigentrust_seconds",
              "eigentrust_iterations", "reciprocity_seconds", "constraint_seconds",
              "betweenness_sampled_seconds", "betweenness_exact_seconds", "peak_memory_bytes"]:
        print(f"  {k:<30} {bench.get(k)}")
    exact = people <= 20000
    method = "exact" if exact else "sample=64"
    ours, ours_wall = run_json([rapport, "analyze", "--edges", edges, "--json", "--betweenness", method])
    t = ours["timings"]
    src, dst, w, names = read_edges(edges)
    n = len(names)
    # The bench names nodes 0..people-1; a node with no positive tie is
    # not in the file and so not in the comparison.
    g = to_igraph(src, dst, w, n)
    print(f"\n  exported graph: {n} nodes, {g.ecount()} ties; rapport analyze --betweenness {method}: {ours_wall:.2f} s")
    print(f"  {'metric':<34} {'rapport s':>10} {'other s':>10} {'ratio':>9}   {'vs':<9} agree (max |diff|)")
    pr, pr_t = timed(lambda: g.pagerank(damping=0.85, weights="weight", directed=True))
    agree = f"{max_diff(ours['eigentrust'], names, pr):.2e}"
    row("EigenTrust (bench) vs PageRank", bench["eigentrust_seconds"], pr_t, "igraph", agree)
    row("EigenTrust (analyze) vs PageRank", t["eigentrust_seconds"], pr_t, "igraph", agree)
    rec, rec_t = timed(lambda: g.reciprocity(ignore_loops=True))
    row("reciprocity", t["structure_seconds"], rec_t, "igraph", f"{abs(rec - ours['reciprocity']):.2e}")
    if g.ecount() <= 3_000_000:
        con, con_t = timed(lambda: g.constraint(weights="weight"))
        row("constraint", t["constraint_seconds"], con_t, "igraph",
            f"{max_diff(ours['constraint'], names, con):.2e}")
    else:
        print("  (igraph constraint skipped above 3,000,000 ties: it takes many minutes)")
    if exact:
        bc, bc_t = timed(lambda: g.betweenness(directed=True))
        scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        row("betweenness (exact)", t["betweenness_seconds"], bc_t, "igraph",
            f"{max_diff(ours['betweenness'], names, [b * scale for b in bc]):.2e}")
    if g.ecount() <= nx_max_ties:
        d, load_t = timed(lambda: nx.DiGraph((names[a], names[b], {"weight": x}) for a, b, x in zip(src, dst, w)))
        d.add_nodes_from(names)
        prx, prx_t = timed(lambda: nx.pagerank(d, alpha=0.85, weight="weight", tol=1e-10))
        row("EigenTrust vs PageRank", t["eigentrust_seconds"], prx_t, "networkx",
            f"{max(abs(ours['eigentrust'][k] - v) for k, v in prx.items()):.2e}")
        rx, rx_t = timed(lambda: nx.overall_reciprocity(d))
        row("reciprocity", t["structure_seconds"], rx_t, "networkx", f"{abs(rx - ours['reciprocity']):.2e}")
        if n <= 3000:
            bx, bx_t = timed(lambda: nx.betweenness_centrality(d))
            row("betweenness (exact)", t["betweenness_seconds"], bx_t, "networkx",
                f"{max(abs(ours['betweenness'][k] - v) for k, v in bx.items()):.2e}")
        else:
            print(f"  (networkx betweenness and constraint skipped above 3,000 nodes: hours in pure Python)")
    else:
        print(f"  (networkx skipped: {g.ecount()} ties > --networkx-max-ties {nx_max_ties})")


def real(rapport, files):
    print(f"\n== real graphs: whole `rapport analyze --betweenness exact` vs igraph "
          f"PageRank + constraint + exact betweenness (machine: {os.cpu_count()} cores)")
    for path in files:
        ours, ours_wall = run_json([rapport, "analyze", "--edges", path, "--json", "--betweenness", "exact"])
        src, dst, w, names = read_edges(path)
        g = to_igraph(src, dst, w, len(names))
        n = g.vcount()
        pr, pr_t = timed(lambda: g.pagerank(damping=0.85, weights="weight", directed=True))
        con, con_t = timed(lambda: g.constraint(weights="weight"))
        bc, bc_t = timed(lambda: g.betweenness(directed=True))
        scale = 1.0 / ((n - 1) * (n - 2))
        total = pr_t + con_t + bc_t
        print(f"\n  {os.path.basename(path)}: {n} nodes, {g.ecount()} ties")
        print(f"    rapport analyze (whole run, reading included)  {ours_wall:8.2f} s   {ours['timings']}")
        print(f"    igraph PageRank {pr_t:.2f} s + constraint {con_t:.2f} s + betweenness {bc_t:.2f} s = {total:.2f} s")
        print(f"    ratio igraph / rapport: {total / ours_wall:.1f}x (goal: at least 3x)")
        print(f"    agree: EigenTrust {max_diff(ours['eigentrust'], names, pr):.1e}, "
              f"constraint {max_diff(ours['constraint'], names, con):.1e}, "
              f"betweenness {max_diff(ours['betweenness'], names, [b * scale for b in bc]):.1e}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rapport", default=os.path.join(ROOT, "target", "release", "rapport"))
    p.add_argument("--people", type=int, default=100_000)
    p.add_argument("--ties", type=int, default=10_000_000)
    p.add_argument("--small", action="store_true", help="also run 10,000 people / 100,000 ties (exact betweenness)")
    p.add_argument("--no-synthetic", action="store_true")
    p.add_argument("--real", action="store_true", help="compare on ../shared/data graphs (igraph takes minutes)")
    p.add_argument("--networkx-max-ties", type=int, default=2_000_000)
    a = p.parse_args()
    if not os.path.exists(a.rapport):
        sys.exit(f"no rapport binary at {a.rapport}: cargo build --release -p rapport, or pass --rapport")
    with tempfile.TemporaryDirectory() as work:
        if a.small:
            synthetic(a.rapport, 10_000, 100_000, a.networkx_max_ties, work)
        if not a.no_synthetic:
            synthetic(a.rapport, a.people, a.ties, a.networkx_max_ties, work)
    if a.real:
        files = sorted(os.path.join(DATA, f) for f in os.listdir(DATA) if f.endswith(".csv.gz"))
        real(a.rapport, files)


if __name__ == "__main__":
    main()
