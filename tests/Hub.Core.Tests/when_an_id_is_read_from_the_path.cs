using Hub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hub.Core.Tests;

/// <summary>
/// Kestrel (checked on .NET 10) hands a route value with every escape decoded except %2F: <c>PO%2F2026%2F1</c> arrives
/// as <c>PO%2F2026%2F1</c>, <c>a%252Fb</c> as <c>a%2Fb</c>. These cases are what it produced for each request line.
/// </summary>
public sealed class when_an_id_is_read_from_the_path
{
    private static HttpRequest Request(string? rawTarget)
    {
        var context = new DefaultHttpContext();
        if (rawTarget is not null) context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return context.Request;
    }

    [Theory]
    [InlineData("/api/orders/acme/PO%2F2026%2F1", "PO%2F2026%2F1", "PO/2026/1")]
    [InlineData("/api/orders/acme/PO%2f2026", "PO%2f2026", "PO/2026")]
    [InlineData("/api/orders/acme/a%252Fb", "a%2Fb", "a%2Fb")]
    [InlineData("/api/orders/acme/A%231", "A#1", "A#1")]
    [InlineData("/api/orders/acme/%3F", "?", "?")]
    [InlineData("/api/orders/acme/%5C", "\\", "\\")]
    [InlineData("/api/orders/acme/50%25", "50%", "50%")]
    [InlineData("/api/orders/acme/%E8%AE%A2%E5%8D%95%2F1", "订单%2F1", "订单/1")]
    [InlineData("/api/orders/acme/plain?x=%2F", "plain", "plain")]
    [InlineData("/api/orders/acme/a%2Fb/", "a%2Fb", "a/b")]
    public void the_last_segment_is_the_id_as_the_client_encoded_it(string rawTarget, string routeValue, string expected)
    {
        Assert.Equal(expected, PathValues.Exact(Request(rawTarget), routeValue, segmentFromEnd: 0));
    }

    [Fact]
    public void an_earlier_segment_is_found_by_its_place_from_the_end()
    {
        Assert.Equal("a/b", PathValues.Exact(Request("/api/orders/a%2Fb/o%2F1"), "a%2Fb", segmentFromEnd: 1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/api/orders/acme/rewritten")]
    [InlineData("*")]
    public void without_a_raw_target_that_matches_the_route_value_an_encoded_slash_is_read_as_a_slash(string? rawTarget)
    {
        Assert.Equal("PO/2026/1", PathValues.Exact(Request(rawTarget), "PO%2F2026%2F1", segmentFromEnd: 0));
    }
}
