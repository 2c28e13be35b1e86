using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Mail.Benchmarks;

/// <summary>Counts the database commands EF Core runs while it is on (from EF Core's own diagnostic events, so nothing in
/// the site changes), by command text: the questions a digest asks of the database are what it costs on PostgreSQL.</summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> byText = new();
    private volatile bool on;
    private int total;

    public QueryCounter() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public int Total => total;

    public void Start()
    {
        byText.Clear();
        Interlocked.Exchange(ref total, 0);
        on = true;
    }

    public void Stop() => on = false;

    /// <summary>The commands that took the most time (their first 160 characters), with their count and total ms.</summary>
    public IEnumerable<(string Text, int Count, double Ms)> Top(int n) =>
        byText.OrderByDescending(p => p.Value.Ms).Take(n).Select(p => (p.Key, p.Value.Count, p.Value.Ms));

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            listener.Subscribe(this);
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (on && value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data)
        {
            Interlocked.Increment(ref total);
            var text = data.Command.CommandText.ReplaceLineEndings(" ");
            var ms = data.Duration.TotalMilliseconds;
            byText.AddOrUpdate(text.Length > 160 ? text[..160] : text, (1, ms), (_, c) => (c.Count + 1, c.Ms + ms));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose() => subscription.Dispose();
}
