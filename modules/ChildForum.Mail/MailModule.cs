using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Data;
using ChildForum.Mail.Endpoints;
using ChildForum.Mail.Services;
using ChildForum.Mail.Services.Choices;
using ChildForum.Mail.Services.Digest;
using ChildForum.Mail.Services.Replies;
using ChildForum.Mail.Services.Reminders;
using ChildForum.Mail.Services.Sending;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail;

/// <summary>E-mail: the mail outbox and its sender (MailKit over SMTP), each person's choices (every event, daily digest
/// or nothing per group; one-click unsubscribe), the daily digest, and replies by e-mail read from an IMAP mailbox.
/// Modules queue mail through <see cref="IMailOutbox"/> and compose it through <see cref="IMailComposer"/> and
/// <see cref="IDigestSource"/>.</summary>
public static class MailModule
{
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddSingleton<MailOptionsValidation>();
        services.AddSingleton<IValidateOptions<MailOptions>>(sp => sp.GetRequiredService<MailOptionsValidation>());
        services.AddSingleton<IValidateOptions<SendingOptions>>(sp => sp.GetRequiredService<MailOptionsValidation>());
        services.AddSingleton<IModelContributor, MailModel>();
        services.AddSingleton<MailSignal>();
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddMailSending();
        services.AddMailReplies();
        services.AddScoped<IMailComposer, DigestComposer>();
        services.AddScoped<DigestBatch>();
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestScheduler>());
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddScoped<NotificationChoices>();
        services.AddScoped<Unsubscribing>();
        services.AddScoped<MailKindNames>();
        return builder;
    }

    /// <summary>The API routes; the pages (<c>/account/notifications</c>, <c>/mail/unsubscribe</c>) are Razor pages of the module.</summary>
    public static IEndpointRouteBuilder MapMail(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapNotificationSettingsEndpoints();
        return endpoints;
    }
}
