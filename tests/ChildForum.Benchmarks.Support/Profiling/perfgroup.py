#!/usr/bin/env python3
"""perf script output -> self share by symbol (top N) and inclusive share for given substrings.
usage: perf script -i perf.data | perfgroup.py [--top N] [pattern ...]"""
import sys, collections, re
args = sys.argv[1:]
top = 40
if args and args[0] == '--top':
    top = int(args[1]); args = args[2:]
pats = args
selfc = collections.Counter(); incl = collections.Counter(); total = 0
dso = collections.Counter()
stack = []
def flush():
    global total
    if not stack: return
    total += 1
    selfc[stack[0][0]] += 1
    dso[stack[0][1]] += 1
    seen = set()
    for sym, d in stack:
        for p in pats:
            if p in sym and p not in seen:
                incl[p] += 1; seen.add(p)
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line[0] not in ' \t':
        continue
    m = re.match(r'\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$', line)
    if m:
        sym = re.sub(r'\+0x[0-9a-f]+$', '', m.group(1)); sym = re.sub(r'\[Optimized\]|\[OptimizedTier1\]|\[PreJIT\]|\[Tier0\]|\[Tier1\]|\[QuickJitted\]', '', sym).strip()
        stack.append((sym, m.group(2).split('/')[-1]))
flush()
print(f"samples {total}")
print("== self by dso")
for k, v in dso.most_common(15): print(f"{100*v/total:6.2f}% {k}")
print("== self by symbol")
for k, v in selfc.most_common(top): print(f"{100*v/total:6.2f}% {k[:160]}")
if pats:
    print("== inclusive")
    for p in pats: print(f"{100*incl[p]/total:6.2f}% {p}")
