using System.Net;
using System.Net.Sockets;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>Clients of a site on Kestrel that connect from an address of their own in 127.0.0.0/8, so the site sees each
/// as a different client (as it would see different people), without trusting any header.</summary>
public static class Loopback
{
    private static int _next = Random.Shared.Next(1, 200) * 65536;

    /// <summary>A loopback address no other test of this run uses.</summary>
    public static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref _next);
        return new IPAddress([127, (byte)(1 + (n >> 16) % 250), (byte)(n >> 8), (byte)Math.Max(1, n & 0xFF)]);
    }

    /// <summary>A client of <paramref name="site"/> from <paramref name="from"/>; redirects are not followed. Give several
    /// clients the same <paramref name="cookies"/> to carry one browser's session to another node.</summary>
    public static HttpClient Client(ForumAppFactory site, IPAddress from, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = site.ServerAddress ?? throw new InvalidOperationException("The site is not on Kestrel.") };
    }

    /// <summary>Signs in through the sign-in form with <paramref name="client"/> (which must keep cookies).</summary>
    public static async Task SignInWithFormAsync(HttpClient client, string email, string password)
    {
        Dictionary<string, string> fields;
        using (var form = await client.GetAsync("/account/login"))
        using (var page = await HtmlPage.ReadAsync(await form.AssertStatusAsync(HttpStatusCode.OK)))
        {
            fields = page.MainFormFields();
        }
        fields["Email"] = email;
        fields["Password"] = password;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        await response.AssertStatusAsync(HttpStatusCode.Redirect);
    }
}
