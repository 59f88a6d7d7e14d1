using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Tests.Support;
using Hub.Testing;
using Hub.Testing.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.ReadStore.Tests;

/// <summary>The single-order GET joins the order's outbound push to a partner (container partner-pushes) as <c>partnerPush</c>.</summary>
public sealed class when_an_order_shows_its_partner_push : IAsyncLifetime
{
    private const string ReaderKey = "test-reader-key";
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
    private static readonly HubRegistry Registry = new()
    {
        ApiKeys = [new ApiKeyRegistration { Name = "reader", Sha256 = ApiKeyAuthenticator.Hash(ReaderKey), Scope = "reader" }],
    };

    private readonly TemporaryReadStore _readStore = new();
    private readonly OrderQueryEndpoints _endpoints;

    public when_an_order_shows_its_partner_push() => _endpoints = new OrderQueryEndpoints(_readStore.Store, new ApiKeyAuthenticator(Registry));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var projection = new OrderProjection(_readStore.Store, TimeProvider.System, NullLogger<OrderProjection>.Instance);
        await projection.HandleAsync(OrderEvents.Order("acme", "PO/1", 2, customsMode: "9610", destination: "MY"), Ct);
        await projection.HandleAsync(OrderEvents.Order("acme", "PO/2", 1, customsMode: "9610", destination: "MY"), Ct);
    }

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();

    private async Task<HttpAnswer> GetAsync(string orderId)
    {
        var context = HttpExchange.Get(ReaderKey);
        return await (await _endpoints.GetAsync(context.Request, "acme", orderId, Ct)).AnswerAsync(context);
    }

    private Task PutPushAsync(OrderPartnerPush push) =>
        _readStore.Store.UpsertAsync(ReadStoreContainers.PartnerPushes, push.PlatformId, push.OrderId,
            JsonSerializer.Serialize(push, JsonSerializerOptions.Web), WriteCondition.Always, Ct);

    private static OrderPartnerPush Push(string orderId, string status, int? partnerStatus, string? lastError) => new(
        "acme", orderId, "my-ewtp", 2, $"acme:{orderId}:2", status, 1, partnerStatus, lastError,
        status == OrderPartnerPushStatuses.Pushed ? At : null, At);

    [Fact]
    public async Task an_order_never_pushed_has_no_partner_push_and_its_own_etag()
    {
        var answer = await GetAsync("PO/1");

        Assert.Equal(200, answer.Status);
        Assert.False(answer.Json.TryGetProperty("partnerPush", out _));
        Assert.Equal((await _readStore.Store.GetAsync("orders", "acme", "PO/1", Ct))!.ETag, answer.ETag);
    }

    [Fact]
    public async Task a_pushed_order_shows_the_partner_the_version_the_key_and_when()
    {
        await PutPushAsync(Push("PO/1", OrderPartnerPushStatuses.Pushed, 201, null));

        var answer = await GetAsync("PO/1");

        Assert.Equal(200, answer.Status);
        Assert.Equal("PO/1", answer.Json.GetProperty("orderId").GetString());
        Assert.Equal("received", answer.Json.GetProperty("status").GetString());
        var push = answer.Json.GetProperty("partnerPush");
        Assert.Equal("my-ewtp", push.GetProperty("partnerId").GetString());
        Assert.Equal("pushed", push.GetProperty("status").GetString());
        Assert.Equal(2, push.GetProperty("orderVersion").GetInt64());
        Assert.Equal("acme:PO/1:2", push.GetProperty("idempotencyKey").GetString());
        Assert.Equal(201, push.GetProperty("partnerStatusCode").GetInt32());
        Assert.Equal(At, push.GetProperty("pushedAt").GetDateTimeOffset());
        Assert.False(push.TryGetProperty("lastError", out _));
    }

    [Fact]
    public async Task a_refused_push_shows_the_partners_answer()
    {
        await PutPushAsync(Push("PO/1", OrderPartnerPushStatuses.Failed, 400, "my-ewtp answered 400: {\"error\": \"hsCode missing\"}"));

        var push = (await GetAsync("PO/1")).Json.GetProperty("partnerPush");

        Assert.Equal("failed", push.GetProperty("status").GetString());
        Assert.Equal(400, push.GetProperty("partnerStatusCode").GetInt32());
        Assert.Contains("hsCode missing", push.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task the_etag_changes_when_the_push_changes()
    {
        var before = (await GetAsync("PO/1")).ETag;
        await PutPushAsync(Push("PO/1", OrderPartnerPushStatuses.Retrying, 503, "my-ewtp answered 503"));
        var retrying = (await GetAsync("PO/1")).ETag;
        await PutPushAsync(Push("PO/1", OrderPartnerPushStatuses.Pushed, 201, null));
        var pushed = (await GetAsync("PO/1")).ETag;

        Assert.NotEqual(before, retrying);
        Assert.NotEqual(retrying, pushed);
        Assert.StartsWith("\"", pushed);
        Assert.EndsWith("\"", pushed);
    }

    [Fact]
    public async Task another_orders_push_is_not_shown()
    {
        await PutPushAsync(Push("PO/2", OrderPartnerPushStatuses.Pushed, 201, null));

        Assert.False((await GetAsync("PO/1")).Json.TryGetProperty("partnerPush", out _));
        Assert.True((await GetAsync("PO/2")).Json.TryGetProperty("partnerPush", out _));
    }
}
