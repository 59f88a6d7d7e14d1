using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hub.Standalone.Demo;

/// <summary>
/// eWTP partner hubs played in-process on loopback, on a port the OS chooses, each under its own path prefix
/// (<c>http://127.0.0.1:{port}/{partnerId}</c> is its base URL): for <c>--demo</c>, the benchmarks and the kill-and-restart test.
/// <list type="bullet">
/// <item><c>GET /{partnerId}/feeds/{feed}?cursor=&amp;limit=</c>: <c>{"items", "nextCursor", "hasMore"}</c>, opaque cursors, limit 1 to 1,000 (100 when absent).</item>
/// <item><c>POST /{partnerId}/orders</c>: <c>Idempotency-Key</c> required; the first receipt of a key answers 201, any later one 200 with the same body.</item>
/// <item><c>GET /{partnerId}/orders</c>: the orders received, for people trying the demo.</item>
/// <item><c>POST /{partnerId}/oauth/token</c>: client credentials (form fields or HTTP Basic) to <c>{access_token, token_type, expires_in}</c>.</item>
/// </list>
/// Every route but the token endpoint demands the partner's API key header or one of its unexpired bearer tokens (401 otherwise).
/// </summary>
public sealed class SamplePartnerServer : IAsyncDisposable
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    private const string CursorPrefix = "sample-cursor-v1:";

    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, SamplePartner> _partners;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string PartnerId, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string PartnerId, string Key), ReceivedOrder> _orders = new();
    private readonly ConcurrentQueue<FeedRequest> _feedRequests = new();
    private int _ordersReceived;
    private int _repeatedOrders;
    private int _tokensIssued;

    private SamplePartnerServer(WebApplication app, IReadOnlyDictionary<string, SamplePartner> partners, TimeProvider time)
    {
        _app = app;
        _partners = partners;
        _time = time;
    }

    /// <summary>Where the server listens: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Orders received for the first time (one per Idempotency-Key), all partners together.</summary>
    public int OrdersReceived => Volatile.Read(ref _ordersReceived);

    /// <summary>Orders sent again under a key already received: answered 200 with the first answer, not recorded twice.</summary>
    public int RepeatedOrders => Volatile.Read(ref _repeatedOrders);

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public static async Task<SamplePartnerServer> StartAsync(IEnumerable<SamplePartner> partners, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var byId = partners.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new SamplePartnerServer(app, byId, time ?? TimeProvider.System);
        app.MapGet("/{partnerId}/feeds/{feed}", server.ServeFeedPageAsync);
        app.MapPost("/{partnerId}/orders", server.ReceiveOrderAsync);
        app.MapGet("/{partnerId}/orders", server.ListOrders);
        app.MapPost("/{partnerId}/oauth/token", server.IssueTokenAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The base URL of one partner: <c>http://127.0.0.1:{port}/{partnerId}</c>.</summary>
    public Uri BaseUrlOf(string partnerId) => new(BaseAddress, Uri.EscapeDataString(partnerId));

    public Uri TokenUrlOf(string partnerId) => new(BaseAddress, $"{Uri.EscapeDataString(partnerId)}/oauth/token");

    /// <summary>The partner pointed at this server: base URL and token URL; the rest as registered.</summary>
    public PartnerRegistration PointAt(PartnerRegistration partner) => partner with
    {
        BaseUrl = BaseUrlOf(partner.Id).ToString(),
        Auth = partner.Auth.TokenUrl is null ? partner.Auth : partner.Auth with { TokenUrl = TokenUrlOf(partner.Id).ToString() },
    };

    /// <summary>The registry with every partner this server plays pointed at it; other partners as they were.</summary>
    public HubRegistry PointAt(HubRegistry registry) => registry with
    {
        Partners = registry.Partners.Select(p => _partners.ContainsKey(p.Id) ? PointAt(p) : p).ToList(),
    };

    public bool Plays(string partnerId) => _partners.ContainsKey(partnerId);

    /// <summary>How many items a feed holds (0 for a feed or partner it does not serve).</summary>
    public int ItemsIn(string partnerId, string feed) =>
        _partners.TryGetValue(partnerId, out var partner) && partner.Feeds.TryGetValue(feed, out var items) ? items.Count : 0;

    public string ItemAt(string partnerId, string feed, int index) => _partners[partnerId].Feeds[feed].ItemAt(index);

    /// <summary>The orders a partner received, in no particular order; one per Idempotency-Key.</summary>
    public IReadOnlyList<ReceivedOrder> OrdersOf(string partnerId) =>
        _orders.Where(o => o.Key.PartnerId == partnerId).Select(o => o.Value).ToList();

    /// <summary>Every feed page asked for and answered (200), in the order they were answered.</summary>
    public IReadOnlyList<FeedRequest> FeedRequests => _feedRequests.ToArray();

    private async Task<IResult> ServeFeedPageAsync(HttpContext context, string partnerId, string feed, CancellationToken ct)
    {
        if (Authenticate(context, partnerId) is { } refused) return refused;
        var partner = _partners[partnerId];
        if (!partner.Feeds.TryGetValue(feed, out var items))
            return Problem(StatusCodes.Status404NotFound, $"Partner '{partnerId}' has no feed '{feed}'; its feeds are {string.Join(", ", partner.Feeds.Keys)}.");

        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && !string.IsNullOrEmpty(limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return Problem(StatusCodes.Status400BadRequest, $"limit must be a whole number from 1 to {MaxLimit}.");
        var cursor = query.TryGetValue("cursor", out var cursorText) && !string.IsNullOrEmpty(cursorText) ? cursorText.ToString() : null;
        var offset = cursor is null ? 0 : ReadCursor(cursor) ?? -1;
        if (offset < 0 || offset > items.Count)
            return Problem(StatusCodes.Status400BadRequest, $"cursor '{cursor}' is not a cursor this feed gave out.");

        if (items.PageDelay > TimeSpan.Zero) await Task.Delay(items.PageDelay, _time, ct).ConfigureAwait(false);

        var end = Math.Min(items.Count, offset + limit);
        var hasMore = end < items.Count;
        var body = new StringBuilder(128 + (end - offset) * 300);
        body.Append("{\"items\":[");
        for (var i = offset; i < end; i++)
        {
            if (i > offset) body.Append(',');
            body.Append(items.ItemAt(i));
        }
        // At the end the cursor stays where the feed stands, so the next pull asks from there and finds what was added since.
        body.Append("],\"nextCursor\":").Append(JsonSerializer.Serialize(WriteCursor(end))).Append(",\"hasMore\":").Append(hasMore ? "true" : "false").Append('}');
        _feedRequests.Enqueue(new FeedRequest(partnerId, feed, cursor, offset, end - offset, _time.GetUtcNow()));
        return Results.Text(body.ToString(), "application/json", Encoding.UTF8);
    }

    private async Task<IResult> ReceiveOrderAsync(HttpContext context, string partnerId, CancellationToken ct)
    {
        if (Authenticate(context, partnerId) is { } refused) return refused;
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key))
            return Problem(StatusCodes.Status400BadRequest, "The Idempotency-Key header is required.");

        JsonElement order;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct).ConfigureAwait(false);
            order = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, $"The body is not JSON: {e.Message}");
        }
        if (order.ValueKind != JsonValueKind.Object)
            return Problem(StatusCodes.Status400BadRequest, "The body must be a JSON object (the order).");

        var received = new ReceivedOrder(partnerId, key, $"{partnerId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}", order, _time.GetUtcNow());
        var stored = _orders.GetOrAdd((partnerId, key), received);
        var first = ReferenceEquals(stored, received);
        if (first) Interlocked.Increment(ref _ordersReceived);
        else Interlocked.Increment(ref _repeatedOrders);
        var answer = new Dictionary<string, object?>
        {
            ["partnerOrderId"] = stored.PartnerOrderId,
            ["idempotencyKey"] = stored.IdempotencyKey,
            ["receivedAt"] = stored.ReceivedAt,
        };
        return first ? Results.Json(answer, statusCode: StatusCodes.Status201Created) : Results.Json(answer);
    }

    private IResult ListOrders(HttpContext context, string partnerId)
    {
        if (Authenticate(context, partnerId) is { } refused) return refused;
        return Results.Json(new
        {
            items = OrdersOf(partnerId).OrderBy(o => o.ReceivedAt).Select(o => new { o.PartnerOrderId, o.IdempotencyKey, o.ReceivedAt, order = o.Order }),
        });
    }

    private async Task<IResult> IssueTokenAsync(HttpContext context, string partnerId, CancellationToken ct)
    {
        if (!_partners.TryGetValue(partnerId, out var partner))
            return Problem(StatusCodes.Status404NotFound, $"No partner '{partnerId}' here.");
        if (partner.Auth is not SamplePartnerAuth.OAuth2ClientCredentials oauth)
            return Problem(StatusCodes.Status404NotFound, $"Partner '{partnerId}' takes an API key, not OAuth2.");
        if (!context.Request.HasFormContentType)
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "Send application/x-www-form-urlencoded.");

        var form = await context.Request.ReadFormAsync(ct).ConfigureAwait(false);
        if (form["grant_type"] != "client_credentials")
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only client_credentials is supported.");
        var (clientId, clientSecret) = BasicCredentials(context.Request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (!FixedTimeEquals(clientId, oauth.ClientId) || !FixedTimeEquals(clientSecret, oauth.ClientSecret))
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client or wrong secret.");

        var token = "sample-token-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = (partnerId, _time.GetUtcNow() + oauth.TokenLifetime);
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Math.Ceiling(oauth.TokenLifetime.TotalSeconds),
        });
    }

    private IResult? Authenticate(HttpContext context, string partnerId)
    {
        if (!_partners.TryGetValue(partnerId, out var partner))
            return Problem(StatusCodes.Status404NotFound, $"No partner '{partnerId}' here.");
        switch (partner.Auth)
        {
            case SamplePartnerAuth.ApiKey apiKey:
                return FixedTimeEquals(context.Request.Headers[apiKey.Header].ToString(), apiKey.Key)
                    ? null
                    : Problem(StatusCodes.Status401Unauthorized, $"Send partner '{partnerId}''s API key in {apiKey.Header}.");
            case SamplePartnerAuth.OAuth2ClientCredentials:
                var header = context.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
                if (_tokens.TryGetValue(token, out var issued) && issued.PartnerId == partnerId && _time.GetUtcNow() < issued.ExpiresAt) return null;
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Problem(StatusCodes.Status401Unauthorized, token.Length == 0 ? "A bearer token is required." : "The bearer token is unknown or expired.");
            default:
                throw new InvalidOperationException($"Unknown auth {partner.Auth}.");
        }
    }

    private static (string, string)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    // Opaque to callers, as partners' cursors are: a caller that builds or edits one gets a 400.
    private static string WriteCursor(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(CursorPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static int? ReadCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>An order a sample partner received for the first time under its Idempotency-Key.</summary>
public sealed record ReceivedOrder(string PartnerId, string IdempotencyKey, string PartnerOrderId, JsonElement Order, DateTimeOffset ReceivedAt);

/// <summary>One feed page the sample server answered: the cursor asked with (null from the start) and the items it held.</summary>
public sealed record FeedRequest(string PartnerId, string Feed, string? Cursor, int Offset, int Items, DateTimeOffset AnsweredAt);
