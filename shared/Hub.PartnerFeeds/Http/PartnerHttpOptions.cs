using System.ComponentModel.DataAnnotations;

namespace Hub.PartnerFeeds.Http;

/// <summary>Section <c>Hub:Partners:Http</c>: how the hub connects to partner hubs.</summary>
public sealed class PartnerHttpOptions
{
    public const string SectionName = "Hub:Partners:Http";

    /// <summary>
    /// Allows partner URLs that reach loopback (and plain http to loopback): Standalone's demo and tests only. Private and link-local
    /// addresses stay refused either way.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long opening a connection to a partner may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")] public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
