using Hub.Testing.Http;
using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Tests.Support;
using Hub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.ReadStore.Tests;

public sealed class when_orders_are_queried : IAsyncLifetime
{
    private const string AdminKey = "test-admin-key";
    private const string ReaderKey = "test-reader-key";
    private const string PlatformAKey = "test-platform-a-key";
    private const string OperatorKey = "test-operator-x-key";

    private static readonly HubRegistry Registry = new()
    {
        ApiKeys =
        [
            Key(AdminKey, "admin"),
            Key(ReaderKey, "reader"),
            Key(PlatformAKey, "platform:a"),
            Key(OperatorKey, "operator:x"),
        ],
    };

    private readonly TemporaryReadStore _readStore = new();
    private readonly OrderQueryEndpoints _endpoints;

    public when_orders_are_queried() => _endpoints = new OrderQueryEndpoints(_readStore.Store, new ApiKeyAuthenticator(Registry));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var projection = new OrderProjection(_readStore.Store, TimeProvider.System, NullLogger<OrderProjection>.Instance);
        var day = OrderEvents.Day.AddHours(8);
        await projection.HandleAsync(OrderEvents.Order("a", "A-1", 1, "received", sellerId: "S-1", destination: "DE", occurredAt: day), Ct);
        await projection.HandleAsync(OrderEvents.Order("a", "A-2", 2, "shipped", sellerId: "S-2", destination: "US", occurredAt: day.AddDays(2)), Ct);
        await projection.HandleAsync(OrderEvents.Order("a", "A-3", 1, "cancelled", sellerId: "S-1", destination: "JP", occurredAt: day.AddDays(4)), Ct);
        await projection.HandleAsync(OrderEvents.Order("b", "B-1", 1, "received", sellerId: "S-1", destination: "DE", occurredAt: day.AddDays(1)), Ct);
    }

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task without_a_known_key_both_routes_answer_401(string? key)
    {
        Assert.Equal(StatusCodes.Status401Unauthorized, (await GetAsync(key, "a", "A-1")).Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await ListAsync(key)).Status);
    }

    [Fact]
    public async Task a_key_sent_other_than_as_a_bearer_token_answers_401()
    {
        var context = HttpExchange.Get(null);
        context.Request.Headers.Authorization = $"Basic {ReaderKey}";

        var answer = await (await _endpoints.ListAsync(context.Request, Ct)).AnswerAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task an_order_reads_with_its_state_totals_customs_mode_history_and_etag()
    {
        var answer = await GetAsync(PlatformAKey, "a", "A-2");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType);
        var stored = await _readStore.Store.GetAsync(OrderProjection.Container, "a", "A-2", Ct);
        Assert.Equal(stored!.ETag, answer.ETag);
        var order = answer.Json;
        Assert.Equal("A-2", order.GetProperty("orderId").GetString());
        Assert.Equal("shipped", order.GetProperty("status").GetString());
        Assert.Equal("9710", order.GetProperty("customsMode").GetString());
        Assert.Equal(12500m, order.GetProperty("totals").GetProperty("amount").GetDecimal());
        Assert.Equal(1, order.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task a_platform_key_may_not_read_another_platforms_order()
    {
        var answer = await GetAsync(PlatformAKey, "b", "B-1");

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task a_platform_key_may_not_list_another_platforms_orders()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, (await ListAsync(PlatformAKey, "?platformId=b")).Status);
    }

    [Fact]
    public async Task a_platform_key_lists_only_its_own_orders()
    {
        Assert.Equal(["a/A-1", "a/A-2", "a/A-3"], Keys(await ListAsync(PlatformAKey)));
        Assert.Equal(["a/A-1", "a/A-2", "a/A-3"], Keys(await ListAsync(PlatformAKey, "?platformId=a")));
    }

    [Theory]
    [InlineData(ReaderKey)]
    [InlineData(AdminKey)]
    public async Task a_reader_or_admin_sees_every_platform(string key)
    {
        Assert.Equal(["a/A-1", "a/A-2", "a/A-3", "b/B-1"], Keys(await ListAsync(key)));
        Assert.Equal(["b/B-1"], Keys(await ListAsync(key, "?platformId=b")));
        Assert.Equal(StatusCodes.Status200OK, (await GetAsync(key, "b", "B-1")).Status);
    }

    [Fact]
    public async Task a_key_of_another_kind_may_not_read_orders()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, (await ListAsync(OperatorKey)).Status);
        Assert.Equal(StatusCodes.Status403Forbidden, (await GetAsync(OperatorKey, "a", "A-1")).Status);
    }

    [Theory]
    [InlineData("?status=received", new[] { "a/A-1", "b/B-1" })]
    [InlineData("?status=cancelled", new[] { "a/A-3" })]
    [InlineData("?status=delivered", new string[0])]
    [InlineData("?sellerId=S-1", new[] { "a/A-1", "a/A-3", "b/B-1" })]
    [InlineData("?destination=DE", new[] { "a/A-1", "b/B-1" })]
    [InlineData("?from=2026-11-22", new[] { "a/A-2", "a/A-3" })]
    [InlineData("?to=2026-11-21T08:00:00Z", new[] { "a/A-1", "b/B-1" })]
    [InlineData("?from=2026-11-21&to=2026-11-22T23:59:59Z", new[] { "a/A-2", "b/B-1" })]
    [InlineData("?from=2026-11-21T16:00:00%2B08:00&to=2026-11-21T16:00:00%2B08:00", new[] { "b/B-1" })]
    [InlineData("?status=received&sellerId=S-1&destination=DE&platformId=b", new[] { "b/B-1" })]
    [InlineData("?sellerId=S-9", new string[0])]
    public async Task filters_narrow_the_list(string query, string[] expected)
    {
        var answer = await ListAsync(ReaderKey, query);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal(expected, Keys(answer));
    }

    [Fact]
    public async Task every_bad_parameter_is_listed_in_one_400()
    {
        var answer = await ListAsync(ReaderKey, "?pageSize=0&status=lost&destination=XX&from=someday&sort=desc");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(["destination", "from", "pageSize", "sort", "status"], answer.ErrorFields);
        Assert.Equal("Must be a whole number from 1 to 200, not '0'.", answer.Json.GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public async Task a_page_size_outside_1_to_200_is_refused(string pageSize)
    {
        var answer = await ListAsync(ReaderKey, $"?pageSize={pageSize}");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(["pageSize"], answer.ErrorFields);
    }

    [Theory]
    [InlineData("?status=Received", "status")]
    [InlineData("?destination=de", "destination")]
    [InlineData("?destination=DEU", "destination")]
    [InlineData("?to=2026-13-01", "to")]
    [InlineData("?orderId=A-1", "orderId")]
    public async Task a_bad_value_is_reported_under_its_parameter(string query, string field)
    {
        var answer = await ListAsync(ReaderKey, query);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal([field], answer.ErrorFields);
    }

    [Fact]
    public async Task continuation_tokens_page_through_every_order_once()
    {
        var first = await ListAsync(ReaderKey, "?pageSize=3");
        var token = first.Json.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);

        var second = await ListAsync(ReaderKey, $"?pageSize=3&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(["a/A-1", "a/A-2", "a/A-3"], Keys(first));
        Assert.Equal(["b/B-1"], Keys(second));
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task paging_keeps_to_the_filters()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?sellerId=S-1&pageSize=1" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await ListAsync(ReaderKey, query);
            Assert.Equal(StatusCodes.Status200OK, page.Status);
            seen.AddRange(Keys(page));
            token = page.Json.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["a/A-1", "a/A-3", "b/B-1"], seen);
    }

    [Theory]
    [InlineData("not a token!")]
    [InlineData("bm90LWEtdG9rZW4")]
    public async Task a_bad_continuation_token_answers_400(string token)
    {
        var answer = await ListAsync(ReaderKey, $"?continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(["continuationToken"], answer.ErrorFields);
    }

    [Fact]
    public async Task an_unknown_order_answers_404()
    {
        var answer = await GetAsync(ReaderKey, "a", "A-404");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    private async Task<HttpAnswer> GetAsync(string? key, string platformId, string orderId)
    {
        var context = HttpExchange.Get(key);
        return await (await _endpoints.GetAsync(context.Request, platformId, orderId, Ct)).AnswerAsync(context);
    }

    private async Task<HttpAnswer> ListAsync(string? key, string query = "")
    {
        var context = HttpExchange.Get(key, query);
        return await (await _endpoints.ListAsync(context.Request, Ct)).AnswerAsync(context);
    }

    private static string[] Keys(HttpAnswer answer)
    {
        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        return answer.Json.GetProperty("items").EnumerateArray()
            .Select(o => $"{o.GetProperty("platformId").GetString()}/{o.GetProperty("orderId").GetString()}")
            .ToArray();
    }

    private static ApiKeyRegistration Key(string key, string scope) =>
        new() { Name = scope, Sha256 = ApiKeyAuthenticator.Hash(key), Scope = scope };
}
