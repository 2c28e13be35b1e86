using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ChildForum.Testing;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>Calls one row's route as each caller (on each group, for group routes) and lists what differs from the
/// expectation: a wrong status, a text the caller may not read in the body or the headers, or, for allowed callers,
/// an answer that lacks what the row says it shows.</summary>
public static partial class MatrixRunner
{
    private const int RowsAtOnce = 2;

    private static readonly ConditionalWeakTable<ForumAppFactory, Lazy<Task<IReadOnlyDictionary<string, IReadOnlyList<string>>>>> Results = new();

    /// <summary>What differs from the expectation, per row key, for every row of <paramref name="rows"/> on this site.
    /// Run once per site, a few rows at a time (each row's objects are its own), the rows that must run alone last;
    /// each theory case of the test then reads its row.</summary>
    public static Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ResultsAsync(ForumAppFactory app, IReadOnlyList<RouteRow> rows) =>
        Results.GetValue(app, a => new Lazy<Task<IReadOnlyDictionary<string, IReadOnlyList<string>>>>(() => RunAllAsync(a, rows))).Value;

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RunAllAsync(ForumAppFactory app, IReadOnlyList<RouteRow> rows)
    {
        var scene = await Scene.ForAsync(app);
        var results = new ConcurrentDictionary<string, IReadOnlyList<string>>();
        using var gate = new SemaphoreSlim(RowsAtOnce);
        await Task.WhenAll(rows.Where(r => !r.RunsAlone).Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                results[row.Key] = await RunAsync(scene, row);
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var row in rows.Where(r => r.RunsAlone))
        {
            results[row.Key] = await RunAsync(scene, row);
        }
        return results;
    }

    public static async Task<IReadOnlyList<string>> RunAsync(Scene scene, RouteRow row)
    {
        var groups = row.PerGroup ? new[] { scene.MembersOnly, scene.Public } : [scene.MembersOnly];
        // The callers of one group run side by side: each has its own fresh objects, and refusals change nothing.
        var calls = groups.SelectMany(group => Callers.All.Select(caller => CallAsync(scene, row, group, caller)));
        return (await Task.WhenAll(calls)).SelectMany(p => p).ToList();
    }

    private static async Task<IReadOnlyList<string>> CallAsync(Scene scene, RouteRow row, GroupScene group, Caller caller)
    {
        var problems = new List<string>();
        var target = row.Fresh == Fresh.None ? group : await group.FreshAsync(row.Fresh);
        var answer = Expectations.For(row, caller, group);
        var url = row.Path(target);
        using var request = await RequestAsync(scene, caller, row, target, url);
        using var response = await scene.Client(caller).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var where = row.PerGroup ? $"{caller} on the {group.Visibility} group" : caller.ToString();

        if (Expectations.Mismatch(row, answer, response) is { } expected)
        {
            problems.Add($"  {where}: {row.Method} {url} answered {(int)response.StatusCode}{LocationOf(response)}, expected {expected}.{Excerpt(body)}");
        }

        var secrets = scene.Secrets.HiddenFrom(caller, row.ShowsMeetings);
        // The caller's own words (a search query) may come back to them: only what the site adds counts.
        var own = OwnWords(url, secrets);
        var answerText = Without(body, own);
        var headers = Without(string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")), own);
        var leaked = secrets.Where(s => answerText.Contains(s, StringComparison.Ordinal) || headers.Contains(s, StringComparison.Ordinal)).ToList();
        if (leaked.Count > 0)
        {
            problems.Add($"  {where}: {row.Method} {url} ({(int)response.StatusCode}) carries {leaked.Count} text(s) the caller may not read: {string.Join(", ", leaked)}.{Excerpt(answerText, leaked[0])}");
        }

        if (answer == Answer.Allowed && row.Shows is { } shows && (int)response.StatusCode < 300 && !answerText.Contains(shows(target), StringComparison.Ordinal))
        {
            var index = url.Contains("search", StringComparison.Ordinal) && !scene.SearchCaughtUp ? " (The search index never caught up with the scene.)" : "";
            problems.Add($"  {where}: {row.Method} {url} answered {(int)response.StatusCode} without \"{shows(target)}\", which it should show.{index}");
        }
        return problems;
    }

    /// <summary>The values of the request's query that hold a secret, as the answer may echo them (decoded, encoded).</summary>
    private static IReadOnlyList<string> OwnWords(string url, IReadOnlyList<string> secrets)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? url[(at + 1)..] : "";
        return query.Split('&')
            .Select(pair => pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..])
            .Select(Uri.UnescapeDataString)
            .Where(value => secrets.Any(s => value.Contains(s, StringComparison.Ordinal)))
            .SelectMany(value => new[]
            {
                Uri.EscapeDataString(Uri.EscapeDataString(value)), Uri.EscapeDataString(value), value.Replace(" ", "+", StringComparison.Ordinal), value,
            })
            .ToList();
    }

    private static string Without(string text, IReadOnlyList<string> parts) =>
        parts.Aggregate(text, (current, part) => current.Replace(part, "", StringComparison.Ordinal));

    private static async Task<HttpRequestMessage> RequestAsync(Scene scene, Caller caller, RouteRow row, GroupScene target, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(row.Method), url);
        switch (row.Body?.Invoke(target))
        {
            case null:
                break;
            case HttpContent content:
                request.Content = content;
                break;
            case Form form:
                var fields = new Dictionary<string, string>(form.Fields);
                if (await AntiforgeryAsync(scene.Client(caller)) is var (cookie, token))
                {
                    request.Headers.Add("Cookie", cookie);
                    fields["__RequestVerificationToken"] = token;
                }
                request.Content = new FormUrlEncodedContent(fields);
                break;
            case var json:
                request.Content = JsonContent.Create(json, json.GetType());
                break;
        }
        return request;
    }

    /// <summary>The antiforgery cookie and form token a browser would hold after reading the home page, or null when the
    /// caller cannot read it (a locked account).</summary>
    private static async Task<(string Cookie, string Token)?> AntiforgeryAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/");
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return null;
        }
        var cookie = cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("ChildForum.Antiforgery=", StringComparison.Ordinal));
        var token = TokenField().Match(await response.Content.ReadAsStringAsync());
        return cookie is null || !token.Success ? null : (cookie, System.Net.WebUtility.HtmlDecode(token.Groups["token"].Value));
    }

    private static string LocationOf(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? $" (Location: {location})" : "";

    private static string Excerpt(string body, string? around = null)
    {
        if (body.Length == 0)
        {
            return "";
        }
        var at = around is null ? 0 : Math.Max(0, body.IndexOf(around, StringComparison.Ordinal) - 150);
        var text = body.Substring(at, Math.Min(300, body.Length - at)).ReplaceLineEndings(" ");
        return $" Body: {text}";
    }

    [GeneratedRegex("""(?:name="__RequestVerificationToken"[^>]*value="(?<token>[^"]+)")|(?:name="request-verification-token"\s+content="(?<token>[^"]+)")""")]
    private static partial Regex TokenField();
}
