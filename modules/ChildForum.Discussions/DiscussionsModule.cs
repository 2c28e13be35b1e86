using ChildForum.Core.Audit;
using ChildForum.Core.Localization;
using ChildForum.Core.Cluster;
using Microsoft.AspNetCore.SignalR;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Navigation;
using ChildForum.Core.Notifications;
using ChildForum.Core.RateLimiting;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.Discussions.Data;
using ChildForum.Discussions.Endpoints;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Mail;
using ChildForum.Discussions.Recipes;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ChildForum.Discussions;

/// <summary>Live discussion threads: the API, the hub <c>/hubs/discussion</c>, the thread page and the "threads" recipe step.</summary>
public static class DiscussionsModule
{
    public static IHostApplicationBuilder AddDiscussions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DiscussionsOptions>().BindConfiguration(DiscussionsOptions.Section);
        services.AddSingleton<IModelContributor, DiscussionsModel>();
        services.AddNoticeTexts<DiscussionsResource>();
        services.AddAuditActions(
            ("thread.created", Notice.T["Thread started"]),
            ("thread.locked", Notice.T["Thread locked"]),
            ("thread.unlocked", Notice.T["Thread unlocked"]),
            ("message.deleted", Notice.T["Message deleted"]),
            ("message.flagged", Notice.T["Message flagged"]),
            ("message.hidden", Notice.T["Message hidden"]),
            ("message.unhidden", Notice.T["Message shown again"]),
            ("flag.dismissed", Notice.T["Flag dismissed"]));
        services.AddScoped<ThreadAccessResolver>();
        services.AddScoped<MessageDtoBuilder>();
        services.AddScoped<MessageRecords>();
        services.AddScoped<MessageNotifications>();
        services.AddScoped<ThreadService>();
        services.AddScoped<MessageService>();
        services.AddSingleton<MessageWriteQueue>();
        services.AddScoped<RevisionService>();
        services.AddScoped<ReactionService>();
        services.AddScoped<ModerationService>();
        services.AddScoped<IMailComposer, DiscussionMailComposer>();
        services.AddScoped<IMailReplyTarget, DiscussionMailReplies>();
        services.AddScoped<IDigestSource, DiscussionDigestSource>();
        services.AddScoped<MessageBodies>();
        services.AddSingleton<LocalPersonRateLimiter>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<IPresenceStore, LocalPresenceStore>();
        services.AddSingleton<PresenceBroadcaster>();
        services.AddSingleton<LocalRevocation>();
        services.AddSingleton<HubConnections>();
        services.AddScoped<IGroupMembershipListener, HubMembershipListener>();
        services.AddScoped<IClusterEventHandler, GroupAccessChangedHandler>();
        services.AddScoped<IUserAccessListener, HubSessionsListener>();
        services.AddScoped<INotificationPush, HubNotificationPush>();
        services.AddScoped<IRecipeStep, ThreadsRecipeStep>();
        services.AddScoped<ChildForum.Core.Content.IGroupContent, ThreadContent>();
        services.AddScoped<ChildForum.Core.Content.IGroupContent, MessageContent>();
        services.AddScoped<ChildForum.Core.Search.ISearchSource, ThreadSearchSource>();
        services.AddScoped<ChildForum.Core.Search.ISearchSource, MessageSearchSource>();
        services.AddScoped<ChildForum.Core.Records.IArchiveSource, Records.ThreadArchiveSource>();
        services.AddSingleton(new GroupSection("GroupThreads", 10));

        var signalR = services.AddSignalR(options => options.MaximumReceiveMessageSize = 256 * 1024)
            .AddHubOptions<DiscussionHub>(options => options.AddFilter<SessionHubFilter>());
        services.AddSingleton<SessionHubFilter>();
        // Several web nodes share messages, presence and the send limit through Redis when it is configured (the core
        // then holds the one connection to it; the SignalR backplane keeps its own, for its channel prefix).
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis && !string.IsNullOrWhiteSpace(redis))
        {
            AddRedis(builder, signalR, redis);
        }
        else
        {
            services.AddSingleton<IPersonRateLimiter>(sp => sp.GetRequiredService<LocalPersonRateLimiter>());
        }
        return builder;
    }

    /// <summary>A method of its own, so that a site without Redis never loads the Redis client or SignalR's backplane
    /// (their types in <see cref="AddDiscussions"/> made the runtime load them at start).</summary>
    private static void AddRedis(IHostApplicationBuilder builder, ISignalRServerBuilder signalR, string redis)
    {
        var services = builder.Services;
        var prefix = builder.Configuration[$"{DiscussionsOptions.Section}:{nameof(DiscussionsOptions.RedisPrefix)}"] is { Length: > 0 } configured ? configured : new DiscussionsOptions().RedisPrefix;
        signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
        services.AddSingleton<IPersonRateLimiter, RedisPersonRateLimiter>();
        services.AddSingleton<RedisPresenceStore>();
        services.AddSingleton<IPresenceStore>(sp => sp.GetRequiredService<RedisPresenceStore>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisPresenceStore>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
    }

    public static IEndpointRouteBuilder MapDiscussions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDiscussionEndpoints();
        endpoints.MapHub<DiscussionHub>("/hubs/discussion").RequireKnownOrigin();
        return endpoints;
    }
}
