# bench/: the benchmark against curl, lftp, wget, ncftp and tnftp
# (issue 9). Run by hand (bench/run), never by make check.
EXTRA_DIST += bench/run bench/bench.py bench/segments.py bench/mirror.py \
	bench/ftps.py bench/README
