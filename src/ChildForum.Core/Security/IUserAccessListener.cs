namespace ChildForum.Core.Security;

/// <summary>Told on every web node when a person's sessions end: the account was locked, lost the administrator role, or
/// its password was changed or reset. Modules that hold live state or long-lived keys (hub connections, calendar-feed
/// keys) end them here.</summary>
public interface IUserAccessListener
{
    Task SessionsEndedAsync(string userId, CancellationToken cancellationToken);
}
