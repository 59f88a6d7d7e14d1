using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hub.PartnerFeeds.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Tests.Client;

/// <summary>A request as the partner saw it, stamped on arrival.</summary>
public sealed record SeenRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, long ArrivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real partner on Kestrel at 127.0.0.1 (port 0) that answers however the test says, with the number of the request
/// on that path (1-based), and records every request it receives.
/// </summary>
public sealed class MisbehavingPartner : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> countByPath = new();

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;

    private MisbehavingPartner(WebApplication app) => this.app = app;

    public static async Task<MisbehavingPartner> StartAsync(Func<HttpContext, int, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var partner = new MisbehavingPartner(app);
        app.Run(async context =>
        {
            var arrivedAt = Stopwatch.GetTimestamp();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var path = context.Request.Path.Value ?? "";
            partner.Requests.Enqueue(new SeenRequest(
                context.Request.Method, path, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, arrivedAt));
            var n = partner.countByPath.AddOrUpdate(path, 1, (_, c) => c + 1);
            await answer(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        partner.BaseUrl = new Uri(address);
        return partner;
    }

    public IReadOnlyList<SeenRequest> On(string path) => Requests.Where(r => r.Path == path).ToList();

    public Uri Url(string relative) => new(BaseUrl, relative);

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public const string OnePage = """
        {"items":[{"id":"i-1","type":"product.updated","occurredAt":"2026-12-08T03:00:00+00:00","data":{"sku":"A-1","price":12.5},"region":"cn-east","seq":7}],
         "nextCursor":"c-2","hasMore":true}
        """;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>The client as the hub composes it, with delays short enough for tests.</summary>
public static class TestClients
{
    public static readonly Dictionary<string, string?> FastOptions = new()
    {
        // The misbehaving partner listens on loopback, which the network guard allows only when told to.
        ["Hub:Partners:Http:AllowLoopback"] = "true",
        ["Hub:Partners:Client:TotalTimeout"] = "00:00:30",
        ["Hub:Partners:Client:AttemptTimeout"] = "00:00:00.500",
        ["Hub:Partners:Client:RetryBaseDelay"] = "00:00:00.020",
        ["Hub:Partners:Client:MaxRetryAfter"] = "00:00:05",
        ["Hub:Partners:Client:CircuitMinimumThroughput"] = "5",
        ["Hub:Partners:Client:CircuitBreakDuration"] = "00:00:30",
    };

    public static ServiceProvider Build(Dictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>(FastOptions);
        foreach (var (key, value) in overrides ?? [])
        {
            // A null override means "not configured": the option's own default applies.
            if (value is null) settings.Remove(key);
            else settings[key] = value;
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (time is not null)
            services.AddSingleton(time);
        services.AddPartnerClients();
        return services.BuildServiceProvider();
    }

    public static IPartnerApi For(this ServiceProvider services, string partnerId, Uri baseUrl, PartnerAuth? auth = null) =>
        services.GetRequiredService<PartnerClients>().For(new PartnerConnection(partnerId, baseUrl, auth ?? new PartnerAuth.ApiKey("X-Api-Key", "k-" + partnerId)));

    public static TimeSpan Between(SeenRequest first, SeenRequest second) => Stopwatch.GetElapsedTime(first.ArrivedAt, second.ArrivedAt);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
