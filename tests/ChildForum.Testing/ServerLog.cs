using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChildForum.Testing;

/// <summary>Keeps the errors the site logs, so that a test that receives a 500 can show the exception behind it
/// instead of just "An error occurred".</summary>
public sealed class ServerLog : ILoggerProvider
{
    public static readonly HttpRequestOptionsKey<string> ErrorsKey = new("ChildForum.ServerErrors");

    private readonly ConcurrentQueue<(long Sequence, string Text)> _entries = new();
    private long _sequence;

    /// <summary>A point in the log; <see cref="Since"/> returns what was logged after it.</summary>
    public long Mark => Interlocked.Read(ref _sequence);

    public string Since(long mark) =>
        string.Join(Environment.NewLine, _entries.Where(e => e.Sequence > mark).Select(e => e.Text));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string text)
    {
        _entries.Enqueue((Interlocked.Increment(ref _sequence), text));
        while (_entries.Count > 200 && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}

/// <summary>Attaches the site's error log to every 5xx response, for <see cref="HttpAssertions"/> to show.</summary>
public sealed class ServerErrorsHandler(ServerLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var mark = log.Mark;
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            request.Options.Set(ServerLog.ErrorsKey, log.Since(mark));
        }
        return response;
    }
}
