namespace Hub.Contracts;

/// <summary>Container names that capabilities share through the read store.</summary>
public static class ReadStoreContainers
{
    public const string StockLevels = "stock-levels";
    public const string StockReports = "stock-reports";

    /// <summary>Expos: partition and id = expo id.</summary>
    public const string Expos = "expos";

    /// <summary>Exhibitors and buyers: partition = expo id, id = participant id.</summary>
    public const string Participants = "participants";

    /// <summary>Matchmaking runs' statuses: partition = expo id, id = run id.</summary>
    public const string MatchmakingRuns = "matchmaking-runs";

    /// <summary>
    /// A run's meetings, one document per participant: partition = <c>{expoId}/{runId}/{attempt}</c>, id = participant id.
    /// A run's status names its partition only once every document of it is written, so no half-written schedule is read.
    /// </summary>
    public const string Meetings = "meetings";

    /// <summary>
    /// Partner records: partition = <c>{partnerId}/{recordType}/{reference}</c> (a tracking number's or declaration's whole
    /// history in one partition, and a partner's writes spread over many), id = the partner's record id.
    /// </summary>
    public const string PartnerRecords = "partner-records";

    /// <summary>Records that failed mapping, kept with the reason until re-processed: partition = partner id, id = record id.</summary>
    public const string PartnerQuarantine = "partner-quarantine";

    /// <summary>Each feed's checkpoint, lease and sync status: partition = partner id, id = feed name.</summary>
    public const string PartnerFeeds = "partner-feeds";

    /// <summary>Orders' outbound pushes to partners: partition = platform id, id = order id.</summary>
    public const string PartnerPushes = "partner-pushes";
}
