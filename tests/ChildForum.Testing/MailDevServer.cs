using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using MimeKit;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>The MailDev server of <see cref="ExternalService.MailDev"/>: where the site sends (<see cref="SmtpHost"/>,
/// <see cref="SmtpPort"/>) and what arrived, read back through MailDev's REST API (<c>GET /email</c>, and each mail as
/// the .eml it received, <c>GET /email/{id}/download</c>, parsed with MimeKit). One server serves all tests at once, so a
/// test reads only the mail sent to addresses of its own (<see cref="Unique.Email"/>) and never clears the server.</summary>
public sealed class MailDevServer : IDisposable
{
    private readonly HttpClient _http;

    private MailDevServer(string host, int smtpPort, int webPort)
    {
        SmtpHost = host;
        SmtpPort = smtpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://{host}:{webPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string SmtpHost { get; }
    public int SmtpPort { get; }

    /// <summary>The server named by <c>CHILDFORUM_TEST_MAILDEV</c> (<c>host:smtpPort,webPort</c>); skips the test without it,
    /// or fails it under CI.</summary>
    public static MailDevServer Require()
    {
        var value = ExternalService.MailDev.Require();
        var (address, web) = value.Split(',', 2) is [var a, var w] ? (a, w) : throw new XunitException($"CHILDFORUM_TEST_MAILDEV is '{value}'; expected host:smtpPort,webPort.");
        var colon = address.LastIndexOf(':');
        return new MailDevServer(address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(web, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Settings that send the site's mail here (<c>Mail:Smtp:*</c>, <c>Mail:From</c>, a public URL), with the
    /// sender's delays shortened so that retries happen within a test.</summary>
    public IReadOnlyDictionary<string, string?> SiteSettings(int? smtpPort = null) => new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = SmtpHost,
        ["Mail:Smtp:Port"] = (smtpPort ?? SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "none",
        ["Mail:From"] = "ChildForum <forum@childforum.test>",
        ["ChildForum:PublicUrl"] = "https://forum.childforum.test",
        ["Mail:Sending:PollInterval"] = "00:00:00.200",
        ["Mail:Sending:FirstRetryDelay"] = "00:00:00.500",
    };

    /// <summary>The mails MailDev received for <paramref name="address"/> (in To), oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address)
    {
        var list = await _http.GetFromJsonSafeAsync<List<MailDevEmail>>("email") ?? [];
        var messages = new List<MimeMessage>();
        foreach (var email in list.Where(e => e.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))))
        {
            await using var eml = await _http.GetStreamAsync($"email/{Uri.EscapeDataString(email.Id)}/download");
            using var buffer = new MemoryStream();
            await eml.CopyToAsync(buffer);
            buffer.Position = 0;
            messages.Add(await MimeMessage.LoadAsync(buffer));
        }
        return messages;
    }

    /// <summary>Waits until at least <paramref name="count"/> mails arrived for <paramref name="address"/>, then a moment
    /// longer (so that a second copy that was about to arrive is seen), and returns them all.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = await MessagesToAsync(address);
            if (messages.Count >= count)
            {
                await Task.Delay(500);
                return await MessagesToAsync(address);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Expected {count} mail(s) to {address} within the time-out; MailDev received {messages.Count}.");
            }
            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed record MailDevEmail([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("to")] List<MailDevAddress> To);

    private sealed record MailDevAddress([property: JsonPropertyName("address")] string Address);
}

internal static class MailDevJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T?> GetFromJsonSafeAsync<T>(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(), Options);
    }
}

/// <summary>A stand-in SMTP endpoint on a loopback port that a test switches between behaviours, so that a real server
/// (MailDev behind it) can be made unreachable and reachable again without stopping it for the other tests:
/// <see cref="RelayMode.Refuse"/> answers every connection with <c>421</c> and closes it; <see cref="RelayMode.Hang"/>
/// accepts and says nothing (a server that stopped answering); <see cref="RelayMode.Forward"/> passes the connection on.</summary>
public sealed class SmtpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public SmtpRelay(string targetHost, int targetPort, RelayMode mode)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Mode = mode;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public RelayMode Mode { get; set; }

    /// <summary>How many connections the relay has accepted (each one an attempt by the site to reach a server).</summary>
    public int Connections { get; private set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Connections++;
            lock (_connections)
            {
                _connections.Add(client);
            }
            _ = HandleAsync(client, Mode);
        }
    }

    private async Task HandleAsync(TcpClient client, RelayMode mode)
    {
        try
        {
            var stream = client.GetStream();
            switch (mode)
            {
                case RelayMode.Refuse:
                    await stream.WriteAsync("421 4.3.2 Service not available, try again later\r\n"u8.ToArray(), _stop.Token);
                    client.Close();
                    break;
                case RelayMode.Hang:
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case RelayMode.Forward:
                    using (var target = new TcpClient())
                    {
                        await target.ConnectAsync(_targetHost, _targetPort, _stop.Token);
                        var upstream = target.GetStream();
                        var done = await Task.WhenAny(stream.CopyToAsync(upstream, _stop.Token), upstream.CopyToAsync(stream, _stop.Token));
                        await done;
                    }
                    client.Close();
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            client.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }
        await _accepting;
        _stop.Dispose();
    }
}

public enum RelayMode
{
    Refuse,
    Hang,
    Forward,
}
