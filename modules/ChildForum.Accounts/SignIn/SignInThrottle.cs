using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ChildForum.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChildForum.Accounts.SignIn;

/// <summary>Slows down whoever keeps failing on the sign-in, refresh, invitation and password routes, per client address,
/// per client address and account, and per account (<see cref="SignInLimitsOptions"/>). It never locks an account:
/// a throttled client waits, while the account's owner signs in from anywhere else.</summary>
public sealed class SignInThrottle(IFailureCounters counters, IOptions<SignInLimitsOptions> options)
{
    private SignInLimitsOptions Limits => options.Value;

    /// <summary>When the client may try again on this account; null when it may now.
    /// <paramref name="account"/> is the e-mail address or the user id the attempt is about (null: none known).</summary>
    public async Task<TimeSpan?> BlockedForAsync(HttpContext http, string? account, CancellationToken cancellationToken)
    {
        var client = ClientOf(http);
        TimeSpan? longest = await counters.BlockedForAsync("c:" + client, Limits.ClientFailures, cancellationToken);
        if (account is not null)
        {
            var key = AccountKey(account);
            longest = Max(longest, await counters.BlockedForAsync($"ca:{client}:{key}", Limits.ClientAccountFailures, cancellationToken));
            longest = Max(longest, await counters.BlockedForAsync("a:" + key, Limits.AccountFailures, cancellationToken));
        }
        return longest;
    }

    public async Task FailedAsync(HttpContext http, string? account, CancellationToken cancellationToken)
    {
        var client = ClientOf(http);
        await counters.CountAsync("c:" + client, Limits.ClientWindow, cancellationToken);
        if (account is not null)
        {
            var key = AccountKey(account);
            await counters.CountAsync($"ca:{client}:{key}", Limits.ClientWindow, cancellationToken);
            await counters.CountAsync("a:" + key, Limits.AccountWindow, cancellationToken);
        }
    }

    /// <summary>The 429 of the API: problem details and <c>Retry-After</c> in whole seconds.</summary>
    public static RetryAfterResult TooManyAttempts(TimeSpan wait) =>
        new(TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts",
            detail: $"Too many failed attempts: wait {Seconds(wait)} seconds and try again."), wait);

    /// <summary>For pages: the status and header of the 429; the page shows the sentence.</summary>
    public static void MarkTooMany(HttpResponse response, TimeSpan wait)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whole minutes to wait, at least one, for the sentence on a page.</summary>
    public static int Minutes(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>The client's address; an IPv6 client by its /64 network, which one household or device usually holds whole.</summary>
    public static string ClientOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return address.ToString();
    }

    /// <summary>Accounts are counted under a hash of their normalised e-mail address or id, so the counters (in Redis too)
    /// hold no addresses.</summary>
    private static string AccountKey(string account) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(account.Trim().ToUpperInvariant())), 0, 16);

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
