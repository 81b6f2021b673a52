import glob, os, re, sys, collections
# Reads the compare logs and counts, per condition, the trials that failed the guard. "raw-p" re-derives the
# verdicts with an unadjusted per-metric p (the rule before Holm); "Holm" is what the tool does (its exit code).
def parse_ms(t):
    v, u = t.split()
    return float(v) * (1000 if u == 's' else 1)
rows = collections.defaultdict(list)
for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else '/tmp/guard-quality', 'log-*.txt'))):
    m = re.match(r'.*/log-(\w+)-(\d+)\.txt', path); cond = m.group(1)
    text = open(path).read()
    metrics = []
    for line in text.splitlines():
        mm = re.match(r'^(\S+)\s+([\d.]+ m?s)\s+([\d.]+ m?s)\s+([\d.]+)x\s+\S+\s+(<?[\d.]+)\s+(\w+)$', line)
        if mm:
            p = float(mm.group(5).lstrip('<'))
            metrics.append((mm.group(1), parse_ms(mm.group(2)), parse_ms(mm.group(3)), float(mm.group(4)), p))
    if not metrics: continue
    if 'p (Holm)' in text:
        # Current tool: the printed p is already Holm-adjusted and its verdict is the guard; no raw p to re-derive.
        holm = [l.split()[0] for l in text.splitlines() if l.rstrip().endswith(' slower')]
        rows[cond].append((holm, holm)); continue
    order = sorted(range(len(metrics)), key=lambda i: metrics[i][4]); adj = [0]*len(metrics); run = 0
    for r, i in enumerate(order):
        run = max(run, min(1, (len(metrics) - r) * metrics[i][4])); adj[i] = run
    def slower(p, mt): return p < 0.05 and mt[3] > 1.10 and abs(mt[2] - mt[1]) >= 1.0
    raw = [mt[0] for mt in metrics if slower(mt[4], mt)]
    holm = [mt[0] for k, mt in enumerate(metrics) if slower(adj[k], mt)]
    rows[cond].append((raw, holm))
for cond, rs in sorted(rows.items()):
    n = len(rs)
    print(f"{cond:10s} trials={n:3d}  exit1 raw-p: {sum(1 for r,h in rs if r):3d} ({100*sum(1 for r,h in rs if r)/n:5.1f}%)  exit1 Holm: {sum(1 for r,h in rs if h):3d} ({100*sum(1 for r,h in rs if h)/n:5.1f}%)  config flagged (Holm): {sum(1 for r,h in rs if 'config' in h)}")
