using System.Net;
using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Http;

public sealed class when_an_address_is_judged_for_a_partner_connection
{
    private static readonly PartnerAddressPolicy Strict = new(allowLoopback: false);
    private static readonly PartnerAddressPolicy LoopbackAllowed = new(allowLoopback: true);

    [Theory]
    // 0.0.0.0/8 and the unspecified address
    [InlineData("0.0.0.0", PartnerAddressKind.Unspecified)]
    [InlineData("0.0.0.1", PartnerAddressKind.ThisNetwork)]
    [InlineData("0.255.255.255", PartnerAddressKind.ThisNetwork)]
    // 10.0.0.0/8
    [InlineData("10.0.0.0", PartnerAddressKind.Private)]
    [InlineData("10.1.2.3", PartnerAddressKind.Private)]
    [InlineData("10.255.255.255", PartnerAddressKind.Private)]
    // 100.64.0.0/10
    [InlineData("100.64.0.0", PartnerAddressKind.SharedAddressSpace)]
    [InlineData("100.127.255.255", PartnerAddressKind.SharedAddressSpace)]
    // 127.0.0.0/8
    [InlineData("127.0.0.0", PartnerAddressKind.Loopback)]
    [InlineData("127.0.0.1", PartnerAddressKind.Loopback)]
    [InlineData("127.255.255.255", PartnerAddressKind.Loopback)]
    // 169.254.0.0/16
    [InlineData("169.254.0.0", PartnerAddressKind.LinkLocal)]
    [InlineData("169.254.169.254", PartnerAddressKind.LinkLocal)]
    [InlineData("169.254.255.255", PartnerAddressKind.LinkLocal)]
    // 172.16.0.0/12
    [InlineData("172.16.0.0", PartnerAddressKind.Private)]
    [InlineData("172.31.255.255", PartnerAddressKind.Private)]
    // 192.168.0.0/16
    [InlineData("192.168.0.0", PartnerAddressKind.Private)]
    [InlineData("192.168.0.10", PartnerAddressKind.Private)]
    [InlineData("192.168.255.255", PartnerAddressKind.Private)]
    // 224.0.0.0/4, 240.0.0.0/4, broadcast
    [InlineData("224.0.0.0", PartnerAddressKind.Multicast)]
    [InlineData("239.255.255.255", PartnerAddressKind.Multicast)]
    [InlineData("240.0.0.0", PartnerAddressKind.Reserved)]
    [InlineData("255.255.255.254", PartnerAddressKind.Reserved)]
    [InlineData("255.255.255.255", PartnerAddressKind.Broadcast)]
    // IPv6
    [InlineData("::", PartnerAddressKind.Unspecified)]
    [InlineData("::1", PartnerAddressKind.Loopback)]
    [InlineData("::2", PartnerAddressKind.DeprecatedIPv6)]
    [InlineData("::10.0.0.1", PartnerAddressKind.DeprecatedIPv6)]
    [InlineData("::8.8.8.8", PartnerAddressKind.DeprecatedIPv6)]
    [InlineData("fc00::", PartnerAddressKind.Private)]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PartnerAddressKind.Private)]
    [InlineData("fe80::", PartnerAddressKind.LinkLocal)]
    [InlineData("fe80::1%2", PartnerAddressKind.LinkLocal)]
    [InlineData("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PartnerAddressKind.LinkLocal)]
    [InlineData("fec0::1", PartnerAddressKind.Private)]
    [InlineData("feff:ffff::1", PartnerAddressKind.Private)]
    [InlineData("ff00::", PartnerAddressKind.Multicast)]
    [InlineData("ff02::1", PartnerAddressKind.Multicast)]
    // IPv4-mapped IPv6
    [InlineData("::ffff:0.0.0.0", PartnerAddressKind.Unspecified)]
    [InlineData("::ffff:10.0.0.1", PartnerAddressKind.Private)]
    [InlineData("::ffff:100.64.0.1", PartnerAddressKind.SharedAddressSpace)]
    [InlineData("::ffff:127.0.0.1", PartnerAddressKind.Loopback)]
    [InlineData("::ffff:169.254.169.254", PartnerAddressKind.LinkLocal)]
    [InlineData("::ffff:172.16.0.1", PartnerAddressKind.Private)]
    [InlineData("::ffff:192.168.1.1", PartnerAddressKind.Private)]
    [InlineData("::ffff:224.0.0.1", PartnerAddressKind.Multicast)]
    [InlineData("::ffff:255.255.255.255", PartnerAddressKind.Broadcast)]
    // NAT64 and 6to4 embeddings
    [InlineData("64:ff9b::10.0.0.1", PartnerAddressKind.Private)]
    [InlineData("64:ff9b::127.0.0.1", PartnerAddressKind.Loopback)]
    [InlineData("64:ff9b::169.254.169.254", PartnerAddressKind.LinkLocal)]
    [InlineData("64:ff9b:1::1", PartnerAddressKind.Private)]
    [InlineData("2002:a00:1::1", PartnerAddressKind.Private)]
    [InlineData("2002:7f00:1::", PartnerAddressKind.Loopback)]
    [InlineData("2002:a9fe:a9fe::", PartnerAddressKind.LinkLocal)]
    public void a_non_public_address_is_refused_with_its_kind(string address, PartnerAddressKind kind)
    {
        var refusal = Strict.RefusalFor(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Equal(kind, refusal.Kind);
        Assert.False(Strict.IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("1.0.0.0")]
    [InlineData("8.8.8.8")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("203.0.113.7")]
    [InlineData("223.255.255.255")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void a_public_unicast_address_is_allowed(string address)
    {
        Assert.Null(Strict.RefusalFor(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.255")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void allowing_loopback_allows_loopback(string address)
    {
        Assert.Null(LoopbackAllowed.RefusalFor(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    // Loopback through a translator or relay is not this machine's loopback.
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("2002:7f00:1::")]
    public void allowing_loopback_still_refuses_everything_else(string address)
    {
        Assert.NotNull(LoopbackAllowed.RefusalFor(IPAddress.Parse(address)));
    }

    [Fact]
    public void the_metadata_address_is_named_as_such()
    {
        var refusal = Strict.RefusalFor(IPAddress.Parse("169.254.169.254"))!;

        Assert.Contains("metadata", refusal.Reason);
        Assert.Contains("169.254.0.0/16", refusal.Reason);
    }

    [Fact]
    public void a_mapped_address_names_the_range_of_the_address_it_carries_and_the_mapping()
    {
        var refusal = Strict.RefusalFor(IPAddress.Parse("::ffff:10.0.0.1"))!;

        Assert.Contains("10.0.0.0/8", refusal.Reason);
        Assert.Contains("IPv4-mapped", refusal.Reason);
    }
}
