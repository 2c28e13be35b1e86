using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>An RFC 9457 problem detail as a client receives it.</summary>
public sealed record Problem(int? Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string Body);

/// <summary>Reading responses in tests, with failure messages that show what the server actually said.</summary>
public static class HttpAssertions
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Fails with the status and the body when the response does not have <paramref name="expected"/>.</summary>
    public static async Task<HttpResponseMessage> AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode} {response.StatusCode}, expected {(int)expected} {expected}.{Environment.NewLine}{await DescribeAsync(response)}");
        }
        return response;
    }

    /// <summary>Checks the status and reads the JSON body.</summary>
    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.AssertStatusAsync(expected);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web)
                ?? throw new XunitException($"The body of {response.RequestMessage?.RequestUri?.PathAndQuery} was JSON null.");
        }
        catch (JsonException exception)
        {
            throw new XunitException($"The body is not the JSON of a {typeof(T).Name}: {exception.Message}{Environment.NewLine}{await DescribeAsync(response)}");
        }
    }

    /// <summary>Checks the status and that the body is a problem detail (content type <c>application/problem+json</c>,
    /// a <c>status</c> equal to the HTTP status), and reads it.</summary>
    public static async Task<Problem> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.AssertStatusAsync(expected);
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(contentType == ProblemContentType,
            $"A {(int)expected} should be a problem detail with Content-Type {ProblemContentType}, but it came as '{contentType ?? "(none)"}':{Environment.NewLine}{Shorten(body)}");

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("errors", out var errorList) && errorList.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errorList.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(e => e.ToString()).ToArray()
                    : [field.Value.ToString()];
            }
        }
        var problem = new Problem(
            root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null,
            root.TryGetProperty("title", out var title) ? title.GetString() : null,
            root.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
            errors,
            body);
        Assert.True(problem.Status == (int)expected, $"The problem detail's status is {problem.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, the HTTP status {(int)expected}:{Environment.NewLine}{Shorten(body)}");
        return problem;
    }

    /// <summary>The response as a failure message shows it: Location, content type, body, and the errors the site logged.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } l ? $"Location: {l}{Environment.NewLine}" : "";
        var serverErrors = response.RequestMessage?.Options.TryGetValue(ServerLog.ErrorsKey, out var errors) == true && errors.Length > 0
            ? $"{Environment.NewLine}The site logged:{Environment.NewLine}{errors}"
            : "";
        return $"{location}Content-Type: {response.Content.Headers.ContentType?.ToString() ?? "(none)"}{Environment.NewLine}{Shorten(body)}{serverErrors}";
    }

    private static string Shorten(string body) => body.Length > 2000 ? body[..2000] + "…" : body;
}
