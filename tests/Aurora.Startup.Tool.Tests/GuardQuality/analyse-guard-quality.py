"""Guard-quality analysis: per condition, how many trials failed the guard (exit 1) and under which rule.

    python3 analyse-guard-quality.py <OUT> [<OUT2> …]   (several runs of the same binaries count as one set of trials)

Reads <OUT>/log-<condition>-<trial>.txt (the printed comparison) and, when present, <OUT>/json-<condition>-<trial>.json
(`compare --export-json`: every run's values by pair). From the logs it counts what the tool decided. From the JSON it
re-derives the verdicts offline under both rules, from the same runs:
  MW     two-sided Mann-Whitney U (asymptotic, tie and continuity corrected), Holm over the metrics,
         ratio = median(head)/median(base), change = |median(head) - median(base)|   (the rule before pairing);
  paired one-sided Wilcoxon signed-rank on d_i = ln(head_i/base_i) of the interleaved pairs (Pratt zeros, exact up to
         50 non-zero d_i), Holm over the metrics per direction, ratio = exp(Hodges-Lehmann of d),
         change = median(base)*|ratio - 1|; Mann-Whitney for a metric with too few complete pairs (fewer than 6, or
         m*2^-n >= alpha with m metrics) or a value <= 0   (the tool's current rule).
"slower" needs p < alpha, ratio > 1 + threshold and change >= min-difference. Older logs are still understood: a
"p (Holm)" log is counted as printed, a log from before Holm is re-derived with and without the adjustment.
"""
import collections
import glob
import json
import math
import os
import re
import sys


def parse_ms(text):
    value, unit = text.split()
    return float(value) * {'s': 1000.0, 'ms': 1.0, 'us': 0.001, 'µs': 0.001}[unit]


def median(values):
    s = sorted(values)
    h = (len(s) - 1) * 0.5
    lo = math.floor(h)
    return s[-1] if lo >= len(s) - 1 else s[lo] + (h - lo) * (s[lo + 1] - s[lo])


def upper_tail(z):
    return 0.5 * math.erfc(z / math.sqrt(2))


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    adjusted, running = [0.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adjusted[i] = running
    return adjusted


def mann_whitney(first, second):
    """Two-sided p, as MannWhitneyTest.cs (SciPy mannwhitneyu asymptotic)."""
    n1, n2 = len(first), len(second)
    combined = sorted([(v, True) for v in first] + [(v, False) for v in second], key=lambda x: x[0])
    n, i, rank_sum, tie_term = n1 + n2, 0, 0.0, 0.0
    while i < n:
        j = i
        while j + 1 < n and combined[j + 1][0] == combined[i][0]:
            j += 1
        rank_sum += sum((i + j + 2) / 2 for k in range(i, j + 1) if combined[k][1])
        t = j - i + 1
        tie_term += t ** 3 - t
        i = j + 1
    u1 = rank_sum - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)))
    if variance <= 0:
        return 1.0
    z = max(0.0, abs(u1 - mean) - 0.5) / math.sqrt(variance)
    return min(1.0, 2 * upper_tail(z))


def signed_rank(d, exact_limit=50):
    """(p slower, p faster): one-sided Wilcoxon signed-rank, Pratt zeros, as WilcoxonSignedRankTest.cs."""
    order = sorted(range(len(d)), key=lambda i: abs(d[i]))
    doubled, i = [0] * len(d), 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and abs(d[order[j + 1]]) == abs(d[order[i]]):
            j += 1
        for k in range(i, j + 1):
            doubled[order[k]] = i + j + 2
        i = j + 1
    nonzero = [doubled[i] for i in range(len(d)) if d[i] != 0]
    positive = sum(doubled[i] for i in range(len(d)) if d[i] > 0)
    if not nonzero:
        return 1.0, 1.0
    if len(nonzero) <= exact_limit:
        probability = [1.0] + [0.0] * sum(nonzero)
        for r in nonzero:
            for s in range(len(probability) - 1, -1, -1):
                probability[s] = 0.5 * probability[s] + (0.5 * probability[s - r] if s >= r else 0.0)
        greater = sum(p for s, p in enumerate(probability) if s >= positive)
        less = sum(p for s, p in enumerate(probability) if s <= positive)
        return min(1.0, greater), min(1.0, less)
    t_plus = positive / 2
    mean = sum(r / 2 for r in nonzero) / 2
    sigma = math.sqrt(sum((r / 2) ** 2 for r in nonzero) / 4)
    return min(1.0, upper_tail((t_plus - mean - 0.5) / sigma)), min(1.0, upper_tail(-(t_plus - mean + 0.5) / sigma))


def hodges_lehmann(d):
    return median([(d[i] + d[j]) / 2 for i in range(len(d)) for j in range(i, len(d))])


def value_of(run, metric):
    if metric == 'total':
        return run.get('totalMs')
    if metric == 'wall':
        return run.get('wallMs')
    return run.get('phasesMs', {}).get(metric)


def rederive(doc):
    """{rule: [metrics judged slower]} for one compare --export-json document, plus the tool's own verdicts."""
    rule = doc['rule']
    alpha, threshold, min_diff = rule['alpha'], rule['threshold'], rule['minDifferenceMs']
    min_pairs = rule.get('minimumPairs', 6)
    metrics = [c['metric'] for c in doc['comparisons']]
    runs = [r for r in doc['runResults'] if not r['warmup'] and r['status'] == 'ok']
    by_side = {side: {r['pair']: r for r in runs if r['side'] == side} for side in ('base', 'head')}
    rows = []
    for metric in metrics:
        base = {i: value_of(r, metric) for i, r in by_side['base'].items() if value_of(r, metric) is not None}
        head = {i: value_of(r, metric) for i, r in by_side['head'].items() if value_of(r, metric) is not None}
        pairs = [(base[i], head[i]) for i in sorted(base) if i in head]
        b, h = list(base.values()), list(head.values())
        rows.append((metric, b, h, pairs))

    def unpaired(b, h):
        mb, mh = median(b), median(h)
        ratio = mh / mb if mb > 0 else (math.inf if mh > 0 else 1.0)
        p = mann_whitney(h, b)
        return p, p, ratio, abs(mh - mb)

    def paired(b, h, pairs, m):
        if len(pairs) >= min_pairs and m * 2.0 ** -len(pairs) < alpha and all(x > 0 and y > 0 for x, y in pairs):
            d = [math.log(y) - math.log(x) for x, y in pairs]
            p_slower, p_faster = signed_rank(d, rule.get('exactLimit', 50))
            ratio = math.exp(hodges_lehmann(d))
            return p_slower, p_faster, ratio, median(b) * abs(ratio - 1)
        return unpaired(b, h)

    def slower(results):
        adjusted = holm([r[0] for r in results])
        return [row[0] for row, r, p in zip(rows, results, adjusted)
                if p < alpha and r[2] > 1 + threshold and r[3] >= min_diff]

    return {
        'MW': slower([unpaired(b, h) for _, b, h, _ in rows]),
        'paired': slower([paired(b, h, pairs, len(rows)) for _, b, h, pairs in rows]),
        'tool': [c['metric'] for c in doc['comparisons'] if c['verdict'] == 'slower'],
    }


def from_log(text):
    """Metrics the printed table calls slower: (raw-p rule, Holm rule); None when the log has no table."""
    metrics = []
    for line in text.splitlines():
        # The verdict is one word ("slower", older logs) or words with the ratio ("slower ×1.457, beyond the 10 % threshold").
        m = re.match(r'^(\S+)\s+([\d.]+ [mµu]?s)\s+([\d.]+ [mµu]?s)\s+([\d.]+)x\s+\S+\s+(<?[\d.]+)\s+(\w+)(?: ×[\d.]+, (beyond|under) the [\d.]+ % threshold)?$', line)
        if m:
            verdict = m.group(6) + ('-under-threshold' if m.group(7) == 'under' else '')
            metrics.append((m.group(1), parse_ms(m.group(2)), parse_ms(m.group(3)), float(m.group(4)), float(m.group(5).lstrip('<')), verdict))
    if not metrics:
        return None
    if re.search(r'p \((?:[^)]*, )?Holm\)', text):
        # The printed p is already adjusted (Holm; since pairing also paired) and its verdict is the guard.
        printed = [m[0] for m in metrics if m[5] == 'slower']
        return printed, printed
    # Before Holm: re-derive with and without the adjustment from the printed two-sided p.
    adjusted = holm([m[4] for m in metrics])

    def is_slower(p, m):
        return p < 0.05 and m[3] > 1.10 and abs(m[2] - m[1]) >= 1.0
    return [m[0] for m in metrics if is_slower(m[4], m)], [m[0] for k, m in enumerate(metrics) if is_slower(adjusted[k], m)]


def main():
    # Several output directories (repeated experiments with the same binaries) are analysed as one set of trials.
    outs = sys.argv[1:] or ['/tmp/guard-quality']
    logs = collections.defaultdict(list)
    phase = 'config'
    for path in sorted(p for out in outs for p in glob.glob(os.path.join(out, 'log-*.txt'))):
        m = re.match(r'.*/log-(\w+)-(\d+)\.txt$', path)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        # The phase the slowdown went into, as the head command line names it (AURORA_SAMPLE_SLOWDOWN=<phase>:<percent>).
        injected = re.search(r'AURORA_SAMPLE_SLOWDOWN=(\w+):', text)
        phase = injected.group(1) if injected else phase
        result = from_log(text)
        if m and result is not None:
            logs[m.group(1)].append(result)
    print('from the logs (what the tool printed):')
    for cond, rs in sorted(logs.items()):
        n = len(rs)
        raw, adj = sum(1 for r, _ in rs if r), sum(1 for _, h in rs if h)
        print(f"  {cond:10s} trials={n:3d}  exit1 raw-p: {raw:3d} ({100 * raw / n:5.1f}%)  exit1 Holm: {adj:3d} ({100 * adj / n:5.1f}%)"
              f"  {phase} flagged: {sum(1 for _, h in rs if phase in h)}")

    derived = collections.defaultdict(list)
    for path in sorted(p for out in outs for p in glob.glob(os.path.join(out, 'json-*.json'))):
        m = re.match(r'.*/json-(\w+)-(\d+)\.json$', path)
        if m:
            with open(path, encoding='utf-8') as f:
                derived[m.group(1)].append(rederive(json.load(f)))
    if not derived:
        return
    print('re-derived from the JSON exports (same runs, both rules):')
    for cond, rs in sorted(derived.items()):
        n = len(rs)
        parts = []
        for rule in ('MW', 'paired'):
            flagged = sum(1 for r in rs if r[rule])
            parts.append(f"{rule}+Holm exit1: {flagged:3d} ({100 * flagged / n:5.1f}%) {phase}: {sum(1 for r in rs if phase in r[rule]):3d}")
        mismatches = sum(1 for r in rs if sorted(r['paired']) != sorted(r['tool']))
        print(f"  {cond:10s} trials={n:3d}  " + '  '.join(parts) + f"  (paired vs tool mismatches: {mismatches})")


if __name__ == '__main__':
    main()
