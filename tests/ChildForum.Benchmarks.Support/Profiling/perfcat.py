#!/usr/bin/env python3
"""perf script -> share by innermost matching category (leaf first). usage: perfcat.py < script"""
import sys, collections
from perfstacks import read_stacks
cats = [
 ('sqlite (native)', ['libe_sqlite3']),
 ('Microsoft.Data.Sqlite', ['Microsoft.Data.Sqlite', 'SQLitePCL']),
 ('EF Core query cache/compile', ['ExpressionEqualityComparer', 'CompiledQueryCache', 'QueryCompiler', 'System.Linq.Expressions']),
 ('EF Core', ['EntityFrameworkCore']),
 ('localization', ['Localization', 'ResourceManager', 'ResourceReader']),
 ('DI', ['DependencyInjection']),
 ('antiforgery/data protection/crypto', ['Antiforgery', 'DataProtection', 'libcrypto', 'Cryptography']),
 ('authentication/identity', ['Authentication', 'Identity', 'Claims']),
 ('HTML encoding', ['Encodings.Web', 'HtmlEncoder']),
 ('Razor/MVC rendering', ['Razor', 'ViewFeatures', 'TagHelper', 'Mvc']),
 ('routing', ['Routing']),
 ('ChildForum code', ['ChildForum']),
 ('Kestrel/HTTP', ['Kestrel', 'AspNetCore.Http', 'AspNetCore.Server']),
 ('GC', ['gc_heap', 'WKS::', 'SVR::', 'GCHeap']),
 ('kernel', ['kallsyms']),
]
count = collections.Counter(); total = 0
for stack in read_stacks(sys.stdin):
    total += 1
    part = next((name for frame in stack for name, pats in cats if any(p in frame for p in pats)), None)
    count[part or 'other: ' + stack[0][:60]] += 1
print('samples', total)
other = sum(v for k, v in count.items() if k.startswith('other'))
for k, v in count.most_common():
    if not k.startswith('other'): print(f"{100*v/total:6.2f}% {k}")
print(f"{100*other/total:6.2f}% other (top below)")
for k, v in [(k, v) for k, v in count.most_common() if k.startswith('other')][:12]: print(f"   {100*v/total:6.2f}% {k}")
