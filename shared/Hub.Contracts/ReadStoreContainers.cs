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
}
