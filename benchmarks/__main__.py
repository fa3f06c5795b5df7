"""`make bench`: every benchmark, one after the other, figures on stdout."""

from benchmarks import build, check, graph, lighthouse, report, search, weight

for bench in (report, graph, weight, lighthouse, search, build, check):
    bench.main()
    print()
