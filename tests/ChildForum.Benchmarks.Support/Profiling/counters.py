import csv,collections,sys
rows=collections.defaultdict(dict)
for r in csv.reader(open(sys.argv[1])):
    if r[0]=='Timestamp': continue
    rows[r[0][-8:]][r[2]]=float(r[4])
def g(d,k): return d.get(k,0)
print("time     committed heap(g0/g1/g2/loh/poh) MB   alloc MB/2s  gc0/1/2  jit cpu(u+s)")
for t in sorted(rows):
    d=rows[t]
    h=[g(d,f'dotnet.gc.last_collection.heap.size (By)[gc.heap.generation={x}]')/1e6 for x in ['gen0','gen1','gen2','loh','poh']]
    print(t, f"{g(d,'dotnet.gc.last_collection.memory.committed_size (By)')/1e6:6.0f}", ' '.join(f"{x:5.1f}" for x in h),
      f"{g(d,'dotnet.gc.heap.total_allocated (By / 2 sec)')/1e6:6.1f}",
      int(g(d,'dotnet.gc.collections ({collection} / 2 sec)[gc.heap.generation=gen0]')),int(g(d,'dotnet.gc.collections ({collection} / 2 sec)[gc.heap.generation=gen1]')),int(g(d,'dotnet.gc.collections ({collection} / 2 sec)[gc.heap.generation=gen2]')),
      int(g(d,'dotnet.jit.compiled_methods ({method} / 2 sec)')), f"{g(d,'dotnet.process.cpu.time (s / 2 sec)[cpu.mode=user]')+g(d,'dotnet.process.cpu.time (s / 2 sec)[cpu.mode=system]'):.2f}", f"ws {g(d,'dotnet.process.memory.working_set (By)')/1e6:5.0f}")
