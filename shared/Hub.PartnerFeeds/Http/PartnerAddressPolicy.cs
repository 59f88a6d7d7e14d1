using System.Net;
using System.Net.Sockets;

namespace Hub.PartnerFeeds.Http;

/// <summary>Why an address may not be connected to.</summary>
public enum PartnerAddressKind
{
    Loopback,
    Private,
    LinkLocal,
    Unspecified,
    ThisNetwork,
    SharedAddressSpace,
    Multicast,
    Broadcast,
    Reserved,
    DeprecatedIPv6,
    /// <summary>Not refused by the policy, but a plain http request may reach loopback only (the connect step's rule).</summary>
    NotLoopbackForPlainHttp,
}

/// <summary>A refused address: its kind and a sentence saying which range it falls in.</summary>
public sealed record PartnerAddressRefusal(PartnerAddressKind Kind, string Reason);

/// <summary>
/// Decides whether the hub may open a connection to an address on behalf of a partner URL (server-side request forgery guard):
/// only public unicast addresses, and loopback when <see cref="AllowLoopback"/> is on (Standalone's demo and tests). IPv6 forms that
/// carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the IPv4 address they carry.
/// </summary>
public sealed class PartnerAddressPolicy(bool allowLoopback)
{
    /// <summary>Loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104) may be connected to; private and link-local never may.</summary>
    public bool AllowLoopback { get; } = allowLoopback;

    public bool IsAllowed(IPAddress address) => RefusalFor(address) is null;

    /// <summary>Why <paramref name="address"/> may not be connected to, or null when it may.</summary>
    public PartnerAddressRefusal? RefusalFor(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => RefusalForIPv4(address.GetAddressBytes(), AllowLoopback, carrier: null),
            AddressFamily.InterNetworkV6 => RefusalForIPv6(address.GetAddressBytes()),
            _ => new(PartnerAddressKind.Reserved, $"{address.AddressFamily} is not an internet address family"),
        };
    }

    private PartnerAddressRefusal? RefusalForIPv6(byte[] b)
    {
        if (b.All(x => x == 0)) return new(PartnerAddressKind.Unspecified, "the unspecified address (::)");
        if (b.Take(15).All(x => x == 0) && b[15] == 1)
            return AllowLoopback ? null : new(PartnerAddressKind.Loopback, "the loopback address (::1)");
        // ::ffff:a.b.c.d reaches a.b.c.d itself on a dual-stack socket, loopback included.
        if (b.Take(10).All(x => x == 0) && b[10] == 0xff && b[11] == 0xff)
            return RefusalForIPv4(b[12..16], AllowLoopback, "IPv4-mapped (::ffff:0:0/96)");
        if (b.Take(12).All(x => x == 0))
            return new(PartnerAddressKind.DeprecatedIPv6, "an IPv4-compatible IPv6 address (::/96, deprecated)");
        // The IPv4 address a translator or relay would connect to; loopback through a translator is never this machine's, so
        // it is never allowed.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
            return RefusalForIPv4(b[12..16], allowLoopback: false, "NAT64 (64:ff9b::/96)");
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01)
            return new(PartnerAddressKind.Private, "a local-use NAT64 address (64:ff9b:1::/48)");
        if (b[0] == 0x20 && b[1] == 0x02)
            return RefusalForIPv4(b[2..6], allowLoopback: false, "6to4 (2002::/16)");
        if ((b[0] & 0xfe) == 0xfc) return new(PartnerAddressKind.Private, "a unique local address (fc00::/7)");
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return new(PartnerAddressKind.LinkLocal, "a link-local address (fe80::/10)");
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return new(PartnerAddressKind.Private, "a site-local address (fec0::/10, deprecated)");
        if (b[0] == 0xff) return new(PartnerAddressKind.Multicast, "a multicast address (ff00::/8)");
        return null;
    }

    private static PartnerAddressRefusal? RefusalForIPv4(byte[] b, bool allowLoopback, string? carrier)
    {
        var refusal = RefusalForIPv4(b, allowLoopback);
        if (refusal is null || carrier is null) return refusal;
        return refusal with { Reason = $"{refusal.Reason}, carried by an {carrier} address" };
    }

    private static PartnerAddressRefusal? RefusalForIPv4(byte[] b, bool allowLoopback)
    {
        var ip = new IPAddress(b);
        if (b.All(x => x == 0)) return new(PartnerAddressKind.Unspecified, "the unspecified address (0.0.0.0)");
        if (b.All(x => x == 0xff)) return new(PartnerAddressKind.Broadcast, "the broadcast address (255.255.255.255)");
        return b[0] switch
        {
            0 => new(PartnerAddressKind.ThisNetwork, $"{ip} is in 'this network' (0.0.0.0/8)"),
            10 => new(PartnerAddressKind.Private, $"{ip} is private (10.0.0.0/8)"),
            100 when (b[1] & 0xc0) == 64 => new(PartnerAddressKind.SharedAddressSpace, $"{ip} is carrier-grade NAT shared space (100.64.0.0/10)"),
            127 => allowLoopback ? null : new(PartnerAddressKind.Loopback, $"{ip} is loopback (127.0.0.0/8)"),
            169 when b[1] == 254 && b[2] == 169 && b[3] == 254 =>
                new(PartnerAddressKind.LinkLocal, $"{ip} is the cloud instance metadata service (link-local 169.254.0.0/16)"),
            169 when b[1] == 254 => new(PartnerAddressKind.LinkLocal, $"{ip} is link-local (169.254.0.0/16)"),
            172 when (b[1] & 0xf0) == 16 => new(PartnerAddressKind.Private, $"{ip} is private (172.16.0.0/12)"),
            192 when b[1] == 168 => new(PartnerAddressKind.Private, $"{ip} is private (192.168.0.0/16)"),
            >= 224 and <= 239 => new(PartnerAddressKind.Multicast, $"{ip} is multicast (224.0.0.0/4)"),
            >= 240 => new(PartnerAddressKind.Reserved, $"{ip} is reserved (240.0.0.0/4)"),
            _ => null,
        };
    }
}
