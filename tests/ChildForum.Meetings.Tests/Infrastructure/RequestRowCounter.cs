using System.Collections.Concurrent;
using System.Diagnostics;
using ChildForum.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Meetings.Tests.Infrastructure;

/// <summary>Counts the rows the site reads from the database while answering one request (the sum of EF Core's
/// <see cref="DataReaderDisposingEventData.ReadCount"/> over the request's commands), found as
/// <see cref="RequestQueryCounter"/> finds its queries: by a marker header and the site's <see cref="IHttpContextAccessor"/>.
/// A page that reads every user of the site costs few queries and many rows: only this sees it.</summary>
public sealed class RequestRowCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IHttpContextAccessor _accessor;
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private readonly ConcurrentDictionary<string, int> _rows = new(StringComparer.Ordinal);

    public RequestRowCounter(IServiceProvider site)
    {
        _accessor = site.GetRequiredService<IHttpContextAccessor>();
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>GETs <paramref name="url"/> with a new marker and answers how many rows the request read (the answer must be 200).</summary>
    public async Task<int> RowsOfAsync(HttpClient client, string url)
    {
        var marker = Guid.NewGuid().ToString("N");
        _rows[marker] = 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestQueryCounter.Header, marker);
        using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(60));
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
        if (value.Key == RelationalEventId.DataReaderDisposing.Name && value.Value is DataReaderDisposingEventData data
            && _accessor.HttpContext?.Request.Headers[RequestQueryCounter.Header].ToString() is { Length: > 0 } marker && _rows.ContainsKey(marker))
        {
            _rows.AddOrUpdate(marker, data.ReadCount, (_, n) => n + data.ReadCount);
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
