using System.Net;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChildForum.Discussions.Tests.Hubs;

/// <summary>Issue 10, "Exhaustion": live connections per person, threads per connection, and the hub's Origin check,
/// on a site configured with small limits (2 connections, 2 threads) and one partner origin.</summary>
[Collection(ConfiguredLimitsFixture.Collection)]
public sealed class LiveLimitTests(ConfiguredLimitsFixture fixture) : ForumTest(fixture)
{
    private const string Negotiate = "/hubs/discussion/negotiate?negotiateVersion=1";

    [SkippableFact]
    public async Task A_person_over_the_connection_limit_is_refused_with_a_sentence_and_the_first_connections_stay()
    {
        var person = await App.CreateUserAsync();
        await using var first = await LiveClient.ConnectAsync(App, person.Email, person.Password);
        await using var second = await LiveClient.ConnectAsync(App, person.Email, person.Password);
        // A started connection's OnConnectedAsync (where the limit is counted) may still be running; the server answers a
        // call only after it, so these two are counted before the third arrives.
        await first.TypingAsync(0);
        await second.TypingAsync(0);

        await using var third = await LiveClient.ConnectAsync(App, person.Email, person.Password);
        var error = await third.WaitUntilClosedAsync("over the limit of 2");

        Assert.Contains("2 live connections open already", error?.Message ?? "", StringComparison.Ordinal);
        // The first two still answer calls; another person is not affected.
        await first.TypingAsync(0);
        await second.TypingAsync(0);
        await using var other = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await other.TypingAsync(0);
        // Closing one makes room again (once the server has seen it close).
        await first.Connection.StopAsync();
        Assert.True(await ConnectsAgainAsync(person), "After one of the two connections closed, a new one was still refused.");
    }

    private async Task<bool> ConnectsAgainAsync(TestUser person)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var again = await LiveClient.ConnectAsync(App, person.Email, person.Password);
            try
            {
                await again.TypingAsync(0);
                return true;
            }
            catch (Exception)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }

    [SkippableFact]
    public async Task Joining_more_threads_than_a_connection_may_hold_is_refused_until_one_is_left()
    {
        var scenes = new List<Scene>();
        for (var i = 0; i < 3; i++)
        {
            scenes.Add(await App.NewSceneAsync());
        }
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await cso.JoinAsync(scenes[0].Thread.Id);
        await cso.JoinAsync(scenes[1].Thread.Id);
        // Joining one already joined again is not a new thread.
        await cso.JoinAsync(scenes[1].Thread.Id);

        var refused = await Assert.ThrowsAsync<HubException>(() => cso.JoinAsync(scenes[2].Thread.Id));

        Assert.Contains("2 threads open", refused.Message, StringComparison.Ordinal);
        await cso.LeaveAsync(scenes[0].Thread.Id);
        Assert.Equal(scenes[2].Thread.Id, (await cso.JoinAsync(scenes[2].Thread.Id)).ThreadId);
    }

    [SkippableTheory]
    [InlineData("https://attacker.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData(ConfiguredLimitsFixture.PartnerOrigin, HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.OK)]
    public async Task The_hub_accepts_browsers_of_its_own_and_configured_origins_and_programs_without_one(string origin, HttpStatusCode expected)
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var request = new HttpRequestMessage(HttpMethod.Post, Negotiate);
        if (origin.Length > 0)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await cso.SendAsync(request);

        await response.AssertStatusAsync(expected);
    }

    [SkippableFact]
    public async Task The_sites_own_origin_is_accepted()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var request = new HttpRequestMessage(HttpMethod.Post, Negotiate);
        request.Headers.Add("Origin", cso.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await cso.SendAsync(request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task A_signed_in_browser_on_another_site_cannot_open_the_hub_with_the_cookie()
    {
        // The attack the check is for: a page elsewhere opens the hub, and the browser sends the sign-in cookie along.
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var request = new HttpRequestMessage(HttpMethod.Post, Negotiate);
        request.Headers.Add("Origin", "https://attacker.example");

        using var response = await session.Client.SendAsync(request);

        await response.AssertStatusAsync(HttpStatusCode.Forbidden);
        var token = await App.AccessTokenAsync(DemoUsers.Email(DemoUsers.Cso), DemoUsers.Password);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(App.ServerAddress!, "/hubs/discussion"), options =>
            {
                options.Headers["Origin"] = "https://attacker.example";
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await using var _ = connection;
        await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
    }
}
