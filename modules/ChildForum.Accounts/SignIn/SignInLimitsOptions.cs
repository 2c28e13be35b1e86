namespace ChildForum.Accounts.SignIn;

/// <summary>How many failed attempts the sign-in, refresh, invitation and password routes allow (<c>Accounts:SignInLimits</c>).
/// Only failures count, so a person who signs in often is never slowed down; nothing here locks an account.</summary>
public sealed class SignInLimitsOptions
{
    public const string Section = "Accounts:SignInLimits";

    /// <summary>Failures from one client address, whatever the account, in <see cref="ClientWindow"/>.</summary>
    public int ClientFailures { get; set; } = 20;

    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures from one client address on one account in <see cref="ClientWindow"/>: a guessing client is slowed
    /// down on that account long before its address is.</summary>
    public int ClientAccountFailures { get; set; } = 5;

    /// <summary>Failures on one account from all addresses together in <see cref="AccountWindow"/>: a short window, so that
    /// many addresses guessing together are slowed down without the account being closed to its owner for long.</summary>
    public int AccountFailures { get; set; } = 10;

    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(1);
}
