using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace ChildForum.Core.Http;

/// <summary>An assembly as MVC's view-component, tag-helper and controller discovery sees it: its public types only.
/// <para>Why: MVC's own assembly part lists every type, private ones too, and listing a type makes the runtime load what
/// its fields need. The Search module's private async state machines hold the Elasticsearch client's awaiters, so a
/// site on Lucene loaded the client (about 4 MB resident, and the Open XML SDK's framework with the Files module) at
/// start without ever using it. Those three features take public types only (their conventions require
/// <see cref="Type.IsPublic"/>), so nothing they find changes.</para></summary>
public sealed class PublicTypesPart(Assembly assembly) : ApplicationPart, IApplicationPartTypeProvider
{
    public Assembly Assembly { get; } = assembly;

    public override string Name => Assembly.GetName().Name!;

    public IEnumerable<TypeInfo> Types => Assembly.ExportedTypes.Select(type => type.GetTypeInfo());

    /// <summary>Puts a <see cref="PublicTypesPart"/> in place of each <see cref="AssemblyPart"/> (the compiled Razor
    /// views are parts of their own and stay).</summary>
    public static void ReplaceAssemblyParts(ApplicationPartManager manager)
    {
        var parts = manager.ApplicationParts;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is AssemblyPart part)
            {
                parts[i] = new PublicTypesPart(part.Assembly);
            }
        }
    }
}
