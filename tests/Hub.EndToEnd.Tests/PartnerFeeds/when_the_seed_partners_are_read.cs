using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Mapping;
using Hub.Testing;
using static Hub.EndToEnd.Tests.PartnerFeeds.SamplePartners;

namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>seeds/README.md's account of the sample partners holds: the registry entries, their keys, and what their items map to.</summary>
public sealed class when_the_seed_partners_are_read
{
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void the_registry_has_a_malaysian_api_key_partner_and_a_belgian_oauth_partner_both_taking_orders()
    {
        var my = Seed(ApiKeyPartner);
        var be = Seed(OAuthPartner);

        Assert.Equal(("MY", "api-key", true, true), (my.Country, my.Auth.Kind, my.PushOrders, my.Sample));
        Assert.Equal(["MY", "SG", "TH", "ID", "PH", "VN"], my.Destinations);
        Assert.Equal(["shipments", "listings"], my.Feeds.Select(f => f.Name));
        Assert.Equal(("BE", "oauth2-client-credentials", true, true), (be.Country, be.Auth.Kind, be.PushOrders, be.Sample));
        Assert.Equal(["BE", "NL", "LU", "FR"], be.Destinations);
        Assert.Equal(["customs", "demand"], be.Feeds.Select(f => f.Name));
        Assert.Equal("standard-webhooks", be.Signature?.Scheme);
        Assert.Equal("/declaration/no", be.Fields["customs-clearance"]["declarationNumber"]);
        Assert.Empty(my.Destinations.Intersect(be.Destinations));
    }

    [Theory]
    [InlineData("sample-partner-my-ewtp-key", "partner:my-ewtp")]
    [InlineData("sample-partner-be-ewtp-key", "partner:be-ewtp")]
    public void each_sample_partner_key_is_registered_by_its_hash_with_its_scope(string key, string scope)
    {
        var registered = Assert.Single(SeedRegistry.ApiKeys, k => k.Sha256 == ApiKeyAuthenticator.Hash(key));

        Assert.Equal(scope, registered.Scope);
        Assert.True(registered.Sample);
    }

    [Theory]
    [InlineData("my-ewtp", "shipments", 30)]
    [InlineData("my-ewtp", "listings", 24)]
    [InlineData("be-ewtp", "customs", 23)]
    [InlineData("be-ewtp", "demand", 20)]
    public void every_feed_has_a_seed_file_with_unique_item_ids(string partnerId, string feed, int items)
    {
        var file = Items(Path.Combine(RepositoryPaths.Seeds, "partners", partnerId, feed + ".json"));

        Assert.Equal(items, file.Count);
        Assert.Equal(items, file.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public void the_seed_feeds_map_except_the_two_items_quarantined_on_purpose()
    {
        var quarantined = new List<PartnerRecordMapping.Quarantined>();
        var mapped = 0;
        foreach (var partner in SeedRegistry.Partners)
            foreach (var feed in partner.Feeds)
                foreach (var item in Items(Path.Combine(RepositoryPaths.Seeds, "partners", partner.Id, feed.Name + ".json")))
                    switch (PartnerRecordMapper.Map(partner, item, feed.Name, ReadAt))
                    {
                        case PartnerRecordMapping.Mapped: mapped++; break;
                        case PartnerRecordMapping.Quarantined q: quarantined.Add(q); break;
                    }

        Assert.Equal(30 + 24 + 23 + 20 - 2, mapped);
        Assert.Equal(["my-shp-90001", "my-shp-90002"], quarantined.Select(q => q.RecordId).Order(StringComparer.Ordinal));
        Assert.Contains("trackingNumber", quarantined.Single(q => q.RecordId == "my-shp-90001").Reason);
        Assert.Contains("'parcel_weight_audit' is not a record type", quarantined.Single(q => q.RecordId == "my-shp-90002").Reason);
    }

    [Fact]
    public void the_belgian_declarations_are_read_through_the_registrys_pointers_and_extra_fields_are_kept()
    {
        var be = Seed(OAuthPartner);
        var item = Items(Path.Combine(RepositoryPaths.Seeds, "partners", "be-ewtp", "customs.json"))[0];
        var withSource = Items(Path.Combine(RepositoryPaths.Seeds, "partners", "my-ewtp", "shipments.json")).First(i => i.TryGetProperty("source", out _));

        var declaration = Assert.IsType<PartnerRecordMapping.Mapped>(PartnerRecordMapper.Map(be, item, "customs", ReadAt)).Record;
        var shipment = Assert.IsType<PartnerRecordMapping.Mapped>(PartnerRecordMapper.Map(Seed(ApiKeyPartner), withSource, "shipments", ReadAt)).Record;

        Assert.Equal(("customs-clearance", item.GetProperty("data").GetProperty("declaration").GetProperty("no").GetString()), (declaration.RecordType, declaration.Reference));
        Assert.Equal("BE-LGG (Liège Airport)", declaration.Fields["port"]);
        Assert.Equal("klia-sortation-scanner", shipment.Extra!["source"].GetString());
    }

    [Fact]
    public void the_demos_push_batch_has_three_good_declarations_and_one_without_a_number()
    {
        using var batch = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "partners", "be-ewtp", "push.json")));
        var outcomes = batch.RootElement.GetProperty("items").EnumerateArray().Select(i => PartnerRecordMapper.Map(Seed(OAuthPartner), i, null, ReadAt)).ToList();

        Assert.Equal(3, outcomes.Count(o => o is PartnerRecordMapping.Mapped));
        Assert.Contains("declarationNumber", Assert.Single(outcomes.OfType<PartnerRecordMapping.Quarantined>()).Reason);
    }

    private static List<JsonElement> Items(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
