"""Reference values for KolmogorovSmirnovTest and IntervalsTest (SciPy 1.17.1, statsmodels-free).

Run: python3 mip-engine/src/test/python/interval_references.py
Prints the values the Java tests hold as constants.
"""
import math
from scipy import stats

cases = {
    "ties_unequal": ([0.1, 0.2, 0.2, 0.5, 0.9, 1.3, 2.0], [0.2, 0.3, 0.4, 0.4, 1.0]),
    "equal_sizes": ([1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10, 11, 12]),
    "identical": ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    "shifted_50_60": ([i / 50 for i in range(50)], [0.3 + i / 60 for i in range(60)]),
}
for name, (a, b) in cases.items():
    r = stats.ks_2samp(a, b)
    print(f"{name}: D={r.statistic!r} p={r.pvalue!r}")
big_a = [((i * 7919) % 10007) / 10007 for i in range(12000)]
big_b = [((i * 104729) % 10009) / 10009 * 1.02 for i in range(11000)]
r = stats.ks_2samp(big_a, big_b)
print(f"big (asymptotic): D={r.statistic!r} p={r.pvalue!r}")

def wilson(k, n, z=1.959963984540054):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0, c - h), min(1, c + h)

for k, n in [(5, 10), (0, 20), (20, 20), (13, 50)]:
    ci = stats.binomtest(k, n).proportion_ci(method="wilson")
    print(f"wilson {k}/{n}: scipy={ci.low!r},{ci.high!r} formula={wilson(k, n)}")
