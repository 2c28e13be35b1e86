using ChildForum.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

[CollectionDefinition(Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Collection = "Browser";
}

/// <summary>The site on SQLite behind a real Kestrel port, and Debian's Chromium driven by Playwright.
/// Without Chromium the tests are skipped (or fail under CI=true).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private SqliteForumAppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ForumAppFactory App => Ready()._app!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ExternalService.Chromium.Value is not { } chromium)
        {
            return;
        }
        // A real server, so that the factory's own clients (bearer and cookie sessions) reach the same Kestrel port
        // without following redirects, as the HTTP tests of this project expect.
        _app = new SqliteForumAppFactory(realServer: true);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        // CI runs the test projects side by side on two cores: give page expectations the same
        // patience as actions rather than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Without these Chromium keeps trying to reach Google's services, which this network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with the browser's language set to <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Ready()._browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, as a person would.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string locale = "en-GB")
    {
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/account/login");
        await page.Locator("#Email").FillAsync(DemoUsers.Email(user));
        await page.Locator("#Password").FillAsync(DemoUsers.Password);
        // The sign-in POST hashes a password; on a loaded two-core CI machine, with other test projects
        // running beside this one, it has taken longer than the default 15 s. Wait for the answer itself,
        // then say what the page showed when it was not a redirect.
        var signIn = await page.RunAndWaitForResponseAsync(
            () => page.Locator("main button[type=submit]").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/account/login", StringComparison.Ordinal),
            new PageRunAndWaitForResponseOptions { Timeout = 60_000 });
        if (signIn.Status is not (301 or 302 or 303))
        {
            var shown = await page.Locator("main").InnerTextAsync();
            throw new InvalidOperationException($"Signing in as {user} answered {signIn.Status}: {shown}");
        }
        // Only the redirect's arrival is awaited, by watching the address: Playwright's WaitForURL waits for the
        // "load" state when the address already matches, and that has hung for 60 s on a loaded machine after the
        // page had loaded ("NetworkIdle" had fired), twice. Every test goes on with a navigation or a locator of
        // its own, which waits for what it needs.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Signing in as {user}: still on {page.Url} 60 s after the redirect.");
            }
            await Task.Delay(50);
        }
        return page;
    }

    private BrowserFixture Ready()
    {
        ExternalService.Chromium.Require();
        return _browser is null ? throw new InvalidOperationException("The browser did not start.") : this;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
