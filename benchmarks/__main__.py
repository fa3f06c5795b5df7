"""`make bench`: every benchmark, one after the other, figures on stdout."""

from benchmarks import build, lighthouse, search, weight

for bench in (weight, lighthouse, search, build):
    bench.main()
    print()
