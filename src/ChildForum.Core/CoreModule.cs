using System.Globalization;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Http.PageCaching;
using ChildForum.Core.Identity;
using ChildForum.Core.Localization;
using ChildForum.Core.Markdown;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ChildForum.Core;

public static class CoreModule
{
    /// <summary>Identity, authorisation, localisation, problem details, OpenAPI, health, Markdown, audit log and recipes.
    /// The database provider is chosen by the host.</summary>
    public static IHostApplicationBuilder AddChildForumCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChildForumOptions>().BindConfiguration(ChildForumOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddSingleton<SessionValidator>();

        services.AddIdentityApiEndpoints<ForumUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                // Failed passwords never lock an account (anyone could keep a person out); the sign-in routes slow the
                // failing client down instead. An administrator's lock is a lockout end in the far future.
                options.Lockout.AllowedForNewUsers = false;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ForumDbContext>();

        // One scheme that picks: a bearer token when the request carries one (scripts, apps, the hub's access_token),
        // the sign-in cookie otherwise. So a person who is not signed in is sent to the sign-in page, and an API call
        // without credentials gets 401 (see ApiAwareRedirect).
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = ForumAuthentication.Scheme;
                options.DefaultChallengeScheme = ForumAuthentication.Scheme;
                options.DefaultForbidScheme = ForumAuthentication.Scheme;
            })
            .AddPolicyScheme(ForumAuthentication.Scheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context => ForumAuthentication.HasBearerToken(context.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme);

        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, options =>
        {
            options.BearerTokenExpiration = TimeSpan.FromHours(1);
            // The hub cannot send headers from a browser; standard SignalR passes the token as access_token.
            options.Events.OnMessageReceived = context =>
            {
                var token = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                {
                    context.Token = token;
                }
                return Task.CompletedTask;
            };
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "ChildForum.Auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
            // An API call never gets a redirect to an HTML page: it gets 401 or 403 and a problem detail.
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            // Every request, on every node: a locked account or a changed password signs the cookie out at once.
            options.Events.OnValidatePrincipal = SessionValidator.ValidateCookieAsync;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ForumPolicies.SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ForumPolicies.Administrator, policy => policy.RequireAuthenticatedUser().RequireRole(ForumRoles.Administrator));
        services.AddSingleton<IAuthorizationHandler, GroupPermissionHandler>();

        services.AddAntiforgery(options =>
        {
            options.HeaderName = "RequestVerificationToken";
            options.Cookie.Name = "ChildForum.Antiforgery";
        });
        services.AddScoped<ApiAntiforgeryFilter>();
        services.AddScoped<AccessRule>();
        services.AddScoped<PeopleDirectory>();
        services.AddKeptUntilWritten<KeptPeople>();
        services.AddScoped<Safeguarding.PersonalDataGuard>();
        services.AddSingleton<SessionRevocation>();
        services.AddScoped<Cluster.IClusterEventHandler, SessionsEndedHandler>();
        AddCluster(builder);

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = ForumCultures.Supported.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(ForumCultures.English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.ApplyCurrentCultureToResponseHeaders = true;
        });

        services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.MaxDepth = 32;
            options.SerializerOptions.Converters.Add(new NulRejectingStringConverter());
        });

        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ChildForum API";
            document.Info.Description = "Working groups, discussions, policy drafts, meetings and search. Sign in with POST /api/v1/auth/login and send 'Authorization: Bearer <accessToken>'. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<ForumDbContext>("database");

        services.AddSingleton<IMarkdownRenderer>(_ => new MarkdownRenderer());
        services.TryAddScoped<ChildForum.Core.Search.ISearchOutbox, ChildForum.Core.Search.NullSearchOutbox>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<Notifications.Notifier>();
        services.AddSingleton<Localization.NoticeTexts>();
        services.AddScoped<IGroupMembershipListener, Notifications.NotificationsMembershipListener>();
        services.AddScoped<RecipeRunner>();
        services.AddScoped<Navigation.INavigationProvider, Navigation.CoreNavigation>();

        services.AddRazorPages()
            .ConfigureApplicationPartManager(PublicTypesPart.ReplaceAssemblyParts)
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new NulStrippingStringBinderProvider()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(CoreResource)));
        services.AddSingleton<Data.CommittedWrites>();
        services.AddPageCaching();
        // Dynamic answers compressed only when they carry no secret (BREACH): see SecretFreeCompression and docs/security.md.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.ResponseCompression.IResponseCompressionProvider, SecretFreeCompression>());
        return builder;
    }

    /// <summary>With <c>ConnectionStrings:Redis</c>, one Redis connection for the site (events between web nodes, shared
    /// limits); without it, this node is the whole site.</summary>
    private static void AddCluster(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<Cluster.LocalClusterEvents>();
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<Cluster.IClusterBus, Cluster.LocalClusterBus>();
            return;
        }
        AddRedisCluster(builder, redis);
    }

    /// <summary>A method of its own, so that a site without Redis never loads the Redis client (its types in
    /// <see cref="AddCluster"/> made the runtime load it at start).</summary>
    private static void AddRedisCluster(IHostApplicationBuilder builder, string redis)
    {
        var services = builder.Services;
        var prefix = builder.Configuration["Discussions:RedisPrefix"] is { Length: > 0 } configured ? configured : "childforum";
        services.AddSingleton(new Cluster.RedisSettings(redis, prefix));
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ =>
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            return StackExchange.Redis.ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<Cluster.RedisClusterBus>();
        services.AddSingleton<Cluster.IClusterBus>(sp => sp.GetRequiredService<Cluster.RedisClusterBus>());
        services.AddHostedService(sp => sp.GetRequiredService<Cluster.RedisClusterBus>());
    }

    /// <summary>The middleware pipeline, in the order ASP.NET Core expects it.</summary>
    public static WebApplication UseChildForumCore(this WebApplication app)
    {
        // First, so that every answer carries the headers: those of the exception handler and the error pages too
        // (they are set when the response starts, after anything below has cleared it).
        app.UseSecurityHeaders(SecurityHeaders.Policy());
        // Programs (the API and the hubs) get problem details; people get an error page, for failures too.
        app.UseWhen(IsProgramRequest, api => api.UseExceptionHandler());
        app.UseWhen(context => !IsProgramRequest(context), pages => pages.UseExceptionHandler("/error/500"));
        app.UseMiddleware<RejectNulInUrlMiddleware>();
        app.UseWhen(IsProgramRequest, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsProgramRequest(context), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<BearerSessionValidation>();
        app.UseAuthorization();
        app.UseAntiforgery();
        // Outside the page cache, which keeps pages uncompressed: each visitor gets the encoding they ask for (Vary: Accept-Encoding).
        app.UseResponseCompression();
        // Last: it serves pages to visitors who are not signed in, so it must know who is signed in and which language.
        app.UseOutputCache();
        return app;
    }

    public static IEndpointRouteBuilder MapChildForumCore(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStaticAssets();
        endpoints.MapOpenApi();
        endpoints.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        endpoints.MapMarkdownPreview();
        endpoints.MapRazorPages().WithStaticAssets();

        // The language switcher in the theme posts here; a cookie remembers the choice for a year.
        endpoints.MapPost("/culture", (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!ForumCultures.Supported.Contains(culture, StringComparer.OrdinalIgnoreCase))
            {
                culture = ForumCultures.English;
            }
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        })
        // No token: the switcher is on pages served to everyone from the page cache, and all a forged post can do is
        // change the language the visitor reads in.
        .DisableAntiforgery()
        .ExcludeFromDescription();
        return endpoints;
    }

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static bool IsProgramRequest(HttpContext context) => IsApiRequest(context) || context.Request.Path.StartsWithSegments("/hubs");

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsProgramRequest(context.HttpContext))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

public static class ForumAuthentication
{
    public const string Scheme = "ChildForum";

    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.Any(h => h?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
}
