using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildForum.Core.Http;

/// <summary>The body of <c>GET /health</c>: the overall status as plain text (<c>Healthy</c>, what load balancers and
/// existing probes read), or, for a client that accepts <c>application/json</c>, the status and per check (database,
/// Redis, search…) its status and a sentence for operators, e.g. the Elasticsearch cluster's name and version. The status
/// code is the framework's: 200 when healthy or degraded, 503 when not. Exceptions are never written (their messages may
/// carry addresses or credentials): they are in the log.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(type => type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    data = entry.Value.Data.Count == 0 ? null : entry.Value.Data,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
