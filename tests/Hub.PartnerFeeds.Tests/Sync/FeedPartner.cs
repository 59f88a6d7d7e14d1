using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>One page request as the partner saw it: where it starts, and how many times that page was asked for (1-based).</summary>
public sealed record PageRequest(int Offset, int Limit, int Attempt);

/// <summary>
/// A real partner on Kestrel at 127.0.0.1 (port 0) serving one feed (<c>GET /feeds/{feed}?cursor=&amp;limit=</c>) over a fixed
/// list of items, with opaque-looking cursors (<c>at-{offset}</c>) and no next cursor at the end, as the protocol says. A test
/// makes it misbehave through <see cref="Misbehave"/>, which may answer a page request in its own way; it can also require
/// OAuth2 bearer tokens from its own token endpoint and expire them.
/// </summary>
public sealed class FeedPartner : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<int, int> attemptsByOffset = new();
    private int tokensIssued;
    private readonly ConcurrentDictionary<string, int> pagesServedWithToken = new();

    private FeedPartner(WebApplication app, IReadOnlyList<string> items)
    {
        this.app = app;
        Items = items;
    }

    /// <summary>The feed's items as JSON, in feed order.</summary>
    public IReadOnlyList<string> Items { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Answers a page request its own way and returns true, or returns false to let the page be served normally.</summary>
    public Func<HttpContext, PageRequest, Task<bool>>? Misbehave { get; set; }

    /// <summary>Every page request, in arrival order.</summary>
    public ConcurrentQueue<PageRequest> PageRequests { get; } = new();

    /// <summary>Delay before each page is answered (a slow partner, so that a pull lasts a while).</summary>
    public TimeSpan PageDelay { get; set; }

    /// <summary>When set, feeds need <c>Authorization: Bearer</c> with a token from <c>POST /token</c>, which expires after this many pages.</summary>
    public int? TokenExpiresAfterPages { get; init; }

    public int TokensIssued => tokensIssued;

    public static async Task<FeedPartner> StartAsync(IReadOnlyList<string> items, int? tokenExpiresAfterPages = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var partner = new FeedPartner(app, items) { TokenExpiresAfterPages = tokenExpiresAfterPages };
        app.MapPost("/token", partner.IssueTokenAsync);
        app.MapGet("/feeds/{feed}", partner.ServePageAsync);
        await app.StartAsync();
        partner.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return partner;
    }

    public static string Cursor(int offset) => $"at-{offset}";

    private async Task IssueTokenAsync(HttpContext context)
    {
        var token = $"t{Interlocked.Increment(ref tokensIssued)}";
        await Json(context, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":3600}""");
    }

    private async Task ServePageAsync(HttpContext context)
    {
        if (TokenExpiresAfterPages is { } expiresAfter)
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
            if (token.Length == 0 || pagesServedWithToken.GetOrAdd(token, 0) >= expiresAfter)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token expired\"";
                return;
            }
            pagesServedWithToken.AddOrUpdate(token, 1, (_, n) => n + 1);
        }

        var cursor = context.Request.Query["cursor"].ToString();
        var offset = cursor.Length == 0 ? 0 : int.Parse(cursor["at-".Length..], CultureInfo.InvariantCulture);
        var limit = int.Parse(context.Request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
        var request = new PageRequest(offset, limit, attemptsByOffset.AddOrUpdate(offset, 1, (_, n) => n + 1));
        PageRequests.Enqueue(request);
        if (PageDelay > TimeSpan.Zero) await Task.Delay(PageDelay, context.RequestAborted);
        if (Misbehave is { } misbehave && await misbehave(context, request)) return;
        await Json(context, Page(offset, limit));
    }

    /// <summary>The page at <paramref name="offset"/> as the partner serves it when it behaves.</summary>
    public string Page(int offset, int limit, string? nextCursorOverride = null, bool useOverride = false)
    {
        var end = Math.Min(Items.Count, offset + limit);
        var more = end < Items.Count;
        var next = useOverride ? nextCursorOverride : more ? Cursor(end) : null;
        var json = new StringBuilder("{\"items\":[");
        for (var i = offset; i < end; i++)
        {
            if (i > offset) json.Append(',');
            json.Append(Items[i]);
        }
        json.Append("],\"nextCursor\":").Append(next is null ? "null" : JsonSerializer.Serialize(next))
            .Append(",\"hasMore\":").Append(more ? "true" : "false").Append('}');
        return json.ToString();
    }

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    /// <summary>Shipment statuses <c>r-00000</c>.. with tracking numbers <c>TN00000</c>.., each a minute after the one before.</summary>
    public static List<string> Shipments(int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => Shipment($"r-{i:D5}", $"TN{i:D5}", Start.AddMinutes(i))).ToList();

    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Shipment(string id, string trackingNumber, DateTimeOffset occurredAt, string type = "shipment-status") =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{occurredAt:yyyy-MM-ddTHH:mm:ssZ}}","data":{"trackingNumber":"{{trackingNumber}}","status":"in-transit","carrier":"Cainiao","hops":[1,2]},"lane":"CN-MY"}""";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
