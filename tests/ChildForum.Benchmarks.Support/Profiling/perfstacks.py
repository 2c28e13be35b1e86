"""Reads `perf script` output: one list of frames per sample, innermost first, each frame as 'symbol (dso)'."""
import re


def read_stacks(stream):
    stack = []
    for line in stream:
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line[0] not in ' \t':
            continue  # the sample's header line
        m = re.match(r'\s+[0-9a-f]+\s+(.*)$', line)
        if m:
            stack.append(m.group(1))
    if stack:
        yield stack


def symbol_and_dso(frame):
    """'name+0x1f [OptimizedTier1] (/path/lib.so)' -> ('name', 'lib.so'): offsets and JIT tier marks dropped."""
    m = re.match(r'(.*?)\s+\((.*)\)\s*$', frame)
    name, dso = (m.group(1), m.group(2).split('/')[-1]) if m else (frame, '?')
    name = re.sub(r'\+0x[0-9a-f]+$', '', name)
    name = re.sub(r'\[(Optimized|OptimizedTier1|PreJIT|Tier0|Tier1|QuickJitted|InstrumentedTierOptimized)\]', '', name).strip()
    return name, dso
