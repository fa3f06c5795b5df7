"""`make bench`: every benchmark, one after the other, figures on stdout."""

from benchmarks import build, lighthouse, report, search, weight

for bench in (report, weight, lighthouse, search, build):
    bench.main()
    print()
