using System.Net;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Elasticsearch refused a request, or one of the operations in it.</summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException(string message, HttpStatusCode? status = null, string? errorType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorType = errorType;
    }

    /// <summary>The HTTP status, when the whole request failed.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>Elasticsearch's error type, e.g. <c>index_not_found_exception</c>.</summary>
    public string? ErrorType { get; }
}
