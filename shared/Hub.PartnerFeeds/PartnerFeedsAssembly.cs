namespace Hub.PartnerFeeds;

/// <summary>
/// eWTP partner feeds (docs/design.md, "PartnerFeeds"): the partner HTTP client (pull protocol, authentication, resilience,
/// server-side request forgery guard), and next the sync engine, mapping, checkpoints and outbound orders.
/// </summary>
internal static class PartnerFeedsAssembly;
