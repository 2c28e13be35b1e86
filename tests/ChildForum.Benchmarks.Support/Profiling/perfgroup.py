#!/usr/bin/env python3
"""perf script output -> self share by dso and by symbol (top N), and inclusive share for given substrings.
usage: perf script -i perf.data | perfgroup.py [--top N] [pattern ...]"""
import sys, collections
from perfstacks import read_stacks, symbol_and_dso

args = sys.argv[1:]
top = 40
if args and args[0] == '--top':
    top = int(args[1]); args = args[2:]
patterns = args
by_symbol = collections.Counter(); by_dso = collections.Counter(); inclusive = collections.Counter(); total = 0
for stack in read_stacks(sys.stdin):
    frames = [symbol_and_dso(f) for f in stack]
    total += 1
    by_symbol[frames[0][0]] += 1
    by_dso[frames[0][1]] += 1
    for p in patterns:
        if any(p in name for name, _ in frames):
            inclusive[p] += 1
print(f"samples {total}")
print("== self by dso")
for k, v in by_dso.most_common(15): print(f"{100*v/total:6.2f}% {k}")
print("== self by symbol")
for k, v in by_symbol.most_common(top): print(f"{100*v/total:6.2f}% {k[:160]}")
if patterns:
    print("== inclusive")
    for p in patterns: print(f"{100*inclusive[p]/total:6.2f}% {p}")
