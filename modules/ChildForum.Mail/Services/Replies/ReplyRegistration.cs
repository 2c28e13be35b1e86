using ChildForum.Core.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Replies;

public static class ReplyRegistration
{
    /// <summary>Replies by e-mail: the reply addresses' tokens (also used by the sender for <c>Reply-To</c>), the reader of
    /// the IMAP mailbox (a hosted service that does nothing unless <c>Mail:Imap:Host</c> and <c>Mail:ReplyAddress</c> are
    /// set), and the mail that answers a refused reply.</summary>
    public static IServiceCollection AddMailReplies(this IServiceCollection services)
    {
        services.AddOptions<ReplyOptions>().BindConfiguration(ReplyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReplyOptions>, ReplyOptionsValidation>();
        services.AddSingleton<ReplyTokens>();
        services.AddScoped<ReplyProcessor>();
        services.AddSingleton<ReplyReader>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplyReader>());
        services.AddScoped<IMailComposer, ReplyRefusalComposer>();
        return services;
    }
}
