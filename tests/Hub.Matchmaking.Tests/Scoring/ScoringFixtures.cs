using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scoring;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Tests.Scoring;

/// <summary>Participants that share nothing unless a test says so (no markets, languages or certifications).</summary>
internal static class ScoringFixtures
{
    public static Expo Expo(ScoreWeights? weights = null) =>
        new("expo-1", "Expo", "Asia/Shanghai", [new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(17, 0))],
            SlotMinutes: 30, Tables: 10, Weights: weights);

    public static Participant Exhibitor(string id, string[]? categories = null, string keywords = "", string[]? markets = null,
        string[]? languages = null, string[]? certifications = null, string[]? requests = null, string[]? blocked = null,
        bool cancelled = false) =>
        new(id, ParticipantKind.Exhibitor, $"Company {id}", "CN", categories ?? [], keywords, markets ?? [], languages ?? [],
            certifications ?? [], Requests: requests, Blocked: blocked, Cancelled: cancelled);

    public static Participant Buyer(string id, string[]? interests = null, string keywords = "", string country = "MY",
        string[]? languages = null, string[]? required = null, string[]? requests = null, string[]? blocked = null,
        bool cancelled = false, string[]? categories = null, int? maxMeetings = null) =>
        new(id, ParticipantKind.Buyer, $"Company {id}", country, categories ?? [], keywords, [], languages ?? [], [],
            MaxMeetings: maxMeetings, Interests: interests ?? [], RequiredCertifications: required ?? [], Requests: requests,
            Blocked: blocked, Cancelled: cancelled);

    public static MatchmakingProblem Problem(IReadOnlyList<Participant> exhibitors, IReadOnlyList<Participant> buyers, ScoreWeights? weights = null) =>
        new(Expo(weights), exhibitors, buyers, []);

    public static CandidateScorer Uncapped() => new(Options.Create(new CandidateScorerOptions { CandidatesPerBuyer = int.MaxValue }));

    /// <summary>The candidate of exhibitor <paramref name="exhibitorId"/> and buyer <paramref name="buyerId"/>, or null.</summary>
    public static CandidatePair? Find(MatchmakingProblem problem, CandidateSet set, string exhibitorId, string buyerId)
    {
        foreach (var pair in set.Pairs)
            if (problem.Exhibitors[pair.Exhibitor].Id == exhibitorId && problem.Buyers[pair.Buyer].Id == buyerId) return pair;
        return null;
    }

    public static IReadOnlyList<ScoreReason> Explain(CandidateScorer scorer, MatchmakingProblem problem, string exhibitorId, string buyerId) =>
        scorer.Explain(problem, IndexOf(problem.Exhibitors, exhibitorId), IndexOf(problem.Buyers, buyerId));

    /// <summary>The reasons' points added as the 2-decimal numbers they are (a double's own sum would carry binary residue).</summary>
    public static decimal DecimalSum(IReadOnlyList<ScoreReason> reasons)
    {
        var sum = 0m;
        foreach (var reason in reasons) sum += (decimal)reason.Points;
        return sum;
    }

    private static int IndexOf(IReadOnlyList<Participant> participants, string id)
    {
        for (var i = 0; i < participants.Count; i++)
            if (participants[i].Id == id) return i;
        throw new ArgumentException($"no participant {id}");
    }
}
