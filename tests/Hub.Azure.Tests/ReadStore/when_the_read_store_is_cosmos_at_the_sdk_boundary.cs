using System.Collections.Concurrent;
using System.Text.Json;
using Hub.Azure.ReadStore;
using Hub.Core.Idempotency;
using Hub.Core.Storage;
using Hub.Testing.Contracts;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.Tests.ReadStore;

/// <summary>
/// The read-store contract over the Cosmos adapter, down to a stateful <see cref="FakeContainer"/> that refuses what
/// Cosmos refuses ('/', '\', '?', '#', ids over 255 characters): the awkward ids passing here pass because the adapter
/// encodes them. The items it leaves behind show how.
/// </summary>
public sealed class when_the_read_store_is_cosmos_at_the_sdk_boundary : ReadStoreContract
{
    private readonly ConcurrentDictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);

    public when_the_read_store_is_cosmos_at_the_sdk_boundary() =>
        Store = new CosmosReadStore((name, _) => Task.FromResult<Container>(Fake(name)), _ => Task.FromResult(true));

    protected override IReadStore Store { get; }

    protected override string Container => "contract";

    private FakeContainer Fake(string name) => _containers.GetOrAdd(name, _ => new FakeContainer { Stateful = true });

    [Fact]
    public void the_fake_refuses_what_cosmos_refuses()
    {
        Assert.True(FakeContainer.CosmosRefusesId("PO/2026/1"));
        Assert.True(FakeContainer.CosmosRefusesId("A#1"));
        Assert.True(FakeContainer.CosmosRefusesId("?"));
        Assert.True(FakeContainer.CosmosRefusesId("\\"));
        Assert.True(FakeContainer.CosmosRefusesId(new string('x', 256)));
        Assert.False(FakeContainer.CosmosRefusesId(new string('x', 255)));
    }

    [Theory]
    [InlineData("sku-1")]
    [InlineData("订单 2026")]
    [InlineData("50%")]
    public async Task an_id_cosmos_holds_is_its_own_item_id_so_existing_items_keep_theirs(string id)
    {
        await Store.UpsertAsync(Container, "wh-1", id, "{}", WriteCondition.Always, Ct);

        var (key, item) = Assert.Single(Fake(Container).Items);
        Assert.Equal(("wh-1", id), key);
        using var stored = JsonDocument.Parse(item.Json);
        Assert.False(stored.RootElement.TryGetProperty("originalId", out _));
    }

    [Theory]
    [InlineData("PO/2026/1", "~bUE8vMjAyNi8x")]
    [InlineData("A#1", "~bQSMx")]
    [InlineData("~b", "~bfmI")]
    public async Task an_id_cosmos_cannot_hold_gets_a_base64url_item_id_and_keeps_the_original_beside_it(string id, string itemId)
    {
        await Store.UpsertAsync(Container, "wh-1", id, "{}", WriteCondition.Always, Ct);

        var (key, item) = Assert.Single(Fake(Container).Items);
        Assert.Equal(("wh-1", itemId), key);
        using var stored = JsonDocument.Parse(item.Json);
        Assert.Equal(id, stored.RootElement.GetProperty("originalId").GetString());
    }

    [Fact]
    public async Task an_id_too_long_for_base64_gets_a_sha256_item_id()
    {
        var id = new string('订', 300);

        await Store.UpsertAsync(Container, "wh-1", id, "{}", WriteCondition.Always, Ct);

        var (_, itemId) = Assert.Single(Fake(Container).Items).Key;
        Assert.Equal("~h" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))), itemId);
        Assert.Equal(id, (await Store.GetAsync(Container, "wh-1", id, Ct))?.Id);
    }

    [Fact]
    public async Task a_record_in_an_expiring_container_carries_its_ttl_and_others_none()
    {
        var store = new CosmosReadStore((name, _) => Task.FromResult<Container>(Fake(name)), _ => Task.FromResult(true),
            new Dictionary<string, TimeSpan> { [ReadStoreIdempotencyStore.Container] = TimeSpan.FromDays(2) });

        await store.UpsertAsync(ReadStoreIdempotencyStore.Container, "order-webhook:3f", "delivery/1", "{}", WriteCondition.NotExists, Ct);
        await store.UpsertNewerAsync(Container, [new VersionedDocument("wh-1", "sku-1", 1, "{}")], Ct);

        using var record = JsonDocument.Parse(Assert.Single(Fake(ReadStoreIdempotencyStore.Container).Items).Value.Json);
        using var level = JsonDocument.Parse(Assert.Single(Fake(Container).Items).Value.Json);
        Assert.Equal(2 * 24 * 3600, record.RootElement.GetProperty("ttl").GetInt32());
        Assert.False(level.RootElement.TryGetProperty("ttl", out _));
    }

    [Fact]
    public void the_default_lifetime_of_idempotency_records_is_the_idempotency_window()
    {
        Assert.Equal(ReadStoreIdempotencyStore.Window, ExpiringContainers.Lifetimes[ReadStoreIdempotencyStore.Container]);
        Assert.Equal(TimeSpan.FromDays(30), ReadStoreIdempotencyStore.Window);
    }

    [Fact]
    public void a_lifetime_for_a_container_whose_definition_has_no_ttl_is_refused_at_construction()
    {
        var e = Assert.Throws<ArgumentException>(() => new CosmosReadStore((_, _) => Task.FromResult<Container>(Fake("x")), _ => Task.FromResult(true),
            new Dictionary<string, TimeSpan> { ["orders"] = TimeSpan.FromDays(1) }));
        Assert.Contains("'orders' is not one of the expiring containers", e.Message);
    }

    [Fact]
    public void expiring_containers_are_defined_with_ttl_on_per_item_and_the_others_without()
    {
        Assert.Equal(-1, CosmosReadStore.ExpectedContainer(ReadStoreIdempotencyStore.Container).DefaultTimeToLive);
        Assert.Null(CosmosReadStore.ExpectedContainer("orders").DefaultTimeToLive);
        Assert.Equal(PartitionKeyDefinitionVersion.V2, CosmosReadStore.ExpectedContainer("orders").PartitionKeyDefinitionVersion);
    }
}
