using ChildForum.Core.Cluster;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>Another node committed a change: this node's pages move on too.</summary>
public sealed class PageCacheEvictionHandler(PageCacheGeneration generation) : IClusterEventHandler
{
    public string Topic => PageCacheInvalidator.Topic;

    public Task HandleAsync(string payload, CancellationToken cancellationToken) => generation.AdvanceAsync(cancellationToken).AsTask();
}
