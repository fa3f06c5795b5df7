"""`make bench`: every benchmark, one after the other, figures on stdout."""

from benchmarks import build, check, lighthouse, search, weight

for bench in (weight, lighthouse, search, build, check):
    bench.main()
    print()
