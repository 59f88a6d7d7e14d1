namespace Hub.PartnerFeeds;

/// <summary>
/// eWTP partner feeds (docs/design.md, "PartnerFeeds"): the partner HTTP client (pull protocol, authentication, resilience,
/// server-side request forgery guard), the item mapping and quarantine, and the sync engine (checkpoints and leases per feed,
/// the puller, the cron scheduler, the quarantine re-process).
/// </summary>
internal static class PartnerFeedsAssembly;
