"""Garbage-collection pauses in the benchmark's workers, written by bench/settings.py (each of
LOGGED_MS or more, as LINE) and read back by bench/run.py (PATTERN) for the publish check."""

import re

LOGGED_MS = 10
LINE = "gc pause: generation %d, %.1f ms, %.1f ms of CPU, %d collected"
# The milliseconds of a LINE.
PATTERN = re.compile(r"gc pause: generation \d+, ([\d.]+) ms")
