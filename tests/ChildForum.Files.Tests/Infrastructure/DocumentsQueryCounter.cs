using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Files.Tests.Infrastructure;

/// <summary>Counts, while it lives, the database commands EF Core runs that read the <c>Documents</c> table (from EF
/// Core's own diagnostic events, so nothing in the site changes): how many times a page asks for files.</summary>
public sealed class DocumentsQueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private int count;

    public DocumentsQueryCounter() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public int Count => Volatile.Read(ref count);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (listeners)
            {
                listeners.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && data.Command.CommandText.Contains("FROM \"Documents\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
