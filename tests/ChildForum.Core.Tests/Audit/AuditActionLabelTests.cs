using System.Reflection;
using System.Text.RegularExpressions;
using ChildForum.Benchmarks.Support;
using ChildForum.Core.Audit;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Tests.Audit;

/// <summary>Every action the code records in the audit log has a name for the audit page (registered by its module with
/// <c>AddAuditActions</c>, translated like every <c>Notice.T</c> phrase), and every name registered is of an action
/// the code records. The actions are read from the sources: the literal or <see cref="AuditActions"/> constant on each
/// line that calls <c>Record(</c>.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed partial class AuditActionLabelTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public void Every_recorded_action_has_a_name_and_every_name_is_of_a_recorded_action()
    {
        var recorded = RecordedActions();
        var named = App.Services.GetServices<AuditActionLabel>().Select(l => l.Action).ToList();

        Assert.True(recorded.Count >= 50, $"only {recorded.Count} actions found in the sources");
        Assert.Empty(recorded.Except(named).Order(StringComparer.Ordinal));
        Assert.Empty(named.Except(recorded).Order(StringComparer.Ordinal));
        Assert.Equal(named.Count, named.Distinct(StringComparer.Ordinal).Count());
    }

    private static HashSet<string> RecordedActions()
    {
        var constants = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (string)f.GetValue(null)!, StringComparer.Ordinal);
        var root = CommandLine.RepositoryRoot(AppContext.BaseDirectory)!;
        return new[] { "src", "modules" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Where(line => line.Contains(".Record(", StringComparison.Ordinal))
            .SelectMany(line => Literal().Matches(line).Select(m => m.Groups[1].Value)
                .Concat(Constant().Matches(line).Select(m => constants[m.Groups[1].Value])))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"([a-z]+\\.[a-z-]+)\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"AuditActions\.(\w+)")]
    private static partial Regex Constant();
}
