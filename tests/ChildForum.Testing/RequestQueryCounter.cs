using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Testing;

/// <summary>Counts the database commands the site runs while answering requests that carry the header
/// <see cref="Header"/>, per value of the header: how many queries one page costs; and, asked with
/// <see cref="RowsOfAsync"/>, the rows those commands read (a page that reads every user of the site costs few queries
/// and many rows: only the rows show it). It listens to EF Core's diagnostic
/// events and finds the request through the site's <see cref="IHttpContextAccessor"/>, so other requests, background work
/// and other tests running at the same time are not counted, and nothing in the site changes.</summary>
public sealed class RequestQueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string Header = "X-Test-Count-Queries";

    private readonly IHttpContextAccessor _accessor;
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<string, bool>> _counted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _rows = new(StringComparer.Ordinal);

    public RequestQueryCounter(IServiceProvider site)
    {
        _accessor = site.GetRequiredService<IHttpContextAccessor>();
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>GETs <paramref name="url"/> with a new marker and answers how many commands the request ran (the answer
    /// must be 200); with <paramref name="counted"/>, only the commands whose SQL it accepts.</summary>
    public async Task<int> QueriesOfAsync(HttpClient client, string url, Func<string, bool>? counted = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        _counted[marker] = counted ?? (_ => true);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(Header, marker);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        }
        return Take(marker);
    }

    /// <summary>Sends <paramref name="request"/> (any method) with a new marker and answers how many commands the
    /// request ran (the answer must have <paramref name="expected"/> status); with <paramref name="counted"/>, only the
    /// commands whose SQL it accepts.</summary>
    public async Task<int> QueriesOfAsync(HttpClient client, HttpRequestMessage request, System.Net.HttpStatusCode expected, Func<string, bool>? counted = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        _counted[marker] = counted ?? (_ => true);
        request.Headers.Add(Header, marker);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}.");
        }
        return Take(marker);
    }

    /// <summary>The count of a finished request; the marker is forgotten, so a long test does not keep every one.</summary>
    private int Take(string marker)
    {
        _counted.TryRemove(marker, out _);
        _counts.TryRemove(marker, out var count);
        return count;
    }

    /// <summary>GETs <paramref name="url"/> with a new marker and answers how many rows the request's commands read (the
    /// sum of EF Core's <see cref="DataReaderDisposingEventData.ReadCount"/>; the answer must be 200).</summary>
    public async Task<int> RowsOfAsync(HttpClient client, string url)
    {
        var marker = Guid.NewGuid().ToString("N");
        _rows[marker] = 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(Header, marker);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        }
        _rows.TryRemove(marker, out var rows);
        return rows;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_listeners)
            {
                _listeners.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && _accessor.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } marker
            && _counted.TryGetValue(marker, out var counted) && counted(data.Command.CommandText))
        {
            _counts.AddOrUpdate(marker, 1, (_, n) => n + 1);
        }
        else if (value.Key == RelationalEventId.DataReaderDisposing.Name && value.Value is DataReaderDisposingEventData read
            && _accessor.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } rowsMarker && _rows.ContainsKey(rowsMarker))
        {
            _rows.AddOrUpdate(rowsMarker, read.ReadCount, (_, n) => n + read.ReadCount);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
