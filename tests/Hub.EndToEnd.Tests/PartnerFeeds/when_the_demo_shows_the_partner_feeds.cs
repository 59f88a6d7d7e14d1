namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>
/// <c>--demo</c>'s eWTP part, as seeds/README.md describes it: every seed feed synced from the sample partner server, the two bad
/// shipment items quarantined, be-ewtp's signed batch accepted once, and the 9610 order for a Malaysian buyer pushed to my-ewtp.
/// </summary>
public sealed class when_the_demo_shows_the_partner_feeds(DemoOnceFixture demo) : IClassFixture<DemoOnceFixture>
{
    [Theory]
    [InlineData("my-ewtp/shipments   30 items at the partner ->  28 records synced, 2 quarantined")]
    [InlineData("my-ewtp/listings    24 items at the partner ->  24 records synced, 0 quarantined")]
    [InlineData("be-ewtp/customs     23 items at the partner ->  23 records synced, 0 quarantined")]
    [InlineData("be-ewtp/demand      20 items at the partner ->  20 records synced, 0 quarantined")]
    public void every_seed_feed_is_synced_with_its_bad_items_quarantined(string line)
    {
        Assert.Contains(line, demo.Output);
    }

    [Fact]
    public void the_quarantined_items_are_listed_with_their_reasons()
    {
        Assert.Matches(@"my-shp-90001\s+parcel_event\s+data/trackingNumber \(trackingNumber\): required", demo.Output);
        Assert.Matches(@"my-shp-90002\s+parcel_weight_audit\s+type: 'parcel_weight_audit' is not a record type the hub knows", demo.Output);
    }

    [Fact]
    public void a_parcels_tracking_history_is_read_back_by_its_tracking_number()
    {
        Assert.Contains("GET /api/partners/my-ewtp/records?type=shipment-status&reference=MYEWTP", demo.Output);
        Assert.Matches(@"delivered\s+Petaling Jaya, MY", demo.Output);
    }

    [Fact]
    public void the_signed_batch_is_accepted_once_and_its_repeat_is_a_duplicate()
    {
        Assert.Contains("POST /api/partners/be-ewtp/events (first) -> 202 delivery msg_be_ewtp_demo_push_1, duplicate false, 3 accepted, 1 quarantined", demo.Output);
        Assert.Contains("POST /api/partners/be-ewtp/events (again) -> 200 delivery msg_be_ewtp_demo_push_1, duplicate true, 3 accepted, 1 quarantined", demo.Output);
    }

    [Fact]
    public void the_order_for_a_malaysian_buyer_is_pushed_to_the_malaysian_hub()
    {
        Assert.Matches(@"GET /api/orders/zj-industrial/ZJ-MY-3001: customs mode 9610, partner push to my-ewtp: pushed \(version 1, attempt 1, partner answered 201", demo.Output);
        Assert.Contains("The sample partner my-ewtp holds it as my-ewtp-", demo.Output);
        Assert.DoesNotContain("the eWTP partner part did not complete", demo.Output);
    }
}

/// <summary>One demo run on a data folder of its own, left running until it has printed its account.</summary>
public sealed class DemoOnceFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-demo-partners-").FullName;

    public string Output { get; private set; } = "";

    public async ValueTask InitializeAsync() => Output = await DemoAccount.RunAsync(_data);

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
