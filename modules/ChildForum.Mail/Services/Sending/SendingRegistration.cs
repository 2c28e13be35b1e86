using ChildForum.Core.Mail;
using ChildForum.Core.Navigation;
using ChildForum.Mail.Areas.Mail.Pages.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Services.Sending;

public static class SendingRegistration
{
    /// <summary>The sender (a hosted service on every web node), what it decides per mail, the test mail and the
    /// administrators' page in the navigation.</summary>
    public static IServiceCollection AddMailSending(this IServiceCollection services)
    {
        services.AddOptions<SendingOptions>().BindConfiguration(SendingOptions.Section).ValidateOnStart();
        services.AddSingleton<SiteAddress>();
        services.AddScoped<MailMessageBuilder>();
        services.AddScoped<MailDelivery>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddScoped<IMailComposer, TestMailComposer>();
        services.AddScoped<INavigationProvider, MailAdminNavigation>();
        return services;
    }
}
