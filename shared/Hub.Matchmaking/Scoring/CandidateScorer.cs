using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Scoring;

/// <summary>
/// First scorer: HS-code overlap by depth, requests, market and language, over every active, unblocked pair. It scores
/// every pair and knows no keywords; the indexed scorer with keyword similarity replaces it.
/// </summary>
public sealed class CandidateScorer : ICandidateScorer
{
    public CandidateSet Score(MatchmakingProblem problem, CancellationToken cancellationToken)
    {
        var pairs = new List<CandidatePair>();
        long considered = 0;
        for (var b = 0; b < problem.Buyers.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (problem.Buyers[b].Cancelled) continue;
            for (var e = 0; e < problem.Exhibitors.Count; e++)
            {
                if (problem.Exhibitors[e].Cancelled || Blocked(problem.Exhibitors[e], problem.Buyers[b])) continue;
                considered++;
                var reasons = Explain(problem, e, b);
                if (!reasons.Any(r => r.Component is "hs" or "request")) continue;
                var rank = Rank(problem.Buyers[b], problem.Exhibitors[e].Id);
                pairs.Add(new CandidatePair(e, b, reasons.Sum(r => r.Points), rank, reasons.Any(r => r.Component == "mutual")));
            }
        }

        return new CandidateSet(pairs, considered);
    }

    public IReadOnlyList<ScoreReason> Explain(MatchmakingProblem problem, int exhibitor, int buyer)
    {
        var weights = problem.Expo.EffectiveWeights;
        var e = problem.Exhibitors[exhibitor];
        var b = problem.Buyers[buyer];
        var reasons = new List<ScoreReason>();
        var (depth, code) = BestHsMatch(e.Categories, b.InterestsOrEmpty.Concat(b.Categories));
        if (depth > 0)
            reasons.Add(new ScoreReason("hs", $"HS {code} match", depth >= 6 ? weights.HsSubheading : depth >= 4 ? weights.HsHeading : weights.HsChapter));
        if (e.TargetMarkets.Contains(b.Country)) reasons.Add(new ScoreReason("market", $"sells to {b.Country}", weights.Market));
        var language = e.Languages.Intersect(b.Languages).FirstOrDefault();
        if (language is not null) reasons.Add(new ScoreReason("language", $"both speak {language}", weights.Language));
        var rank = Rank(b, e.Id);
        if (rank > 0)
        {
            var n = b.RequestsOrEmpty.Count;
            reasons.Add(new ScoreReason("request", $"requested by buyer #{rank}", Math.Round(weights.Request * (n - rank + 1) / n, 2)));
            if (e.RequestsOrEmpty.Contains(b.Id)) reasons.Add(new ScoreReason("mutual", "both asked to meet", weights.Mutual));
        }

        return reasons;
    }

    private static int Rank(Participant buyer, string exhibitorId)
    {
        var index = buyer.RequestsOrEmpty.ToList().IndexOf(exhibitorId);
        return index < 0 ? 0 : index + 1;
    }

    private static bool Blocked(Participant exhibitor, Participant buyer) =>
        buyer.BlockedOrEmpty.Contains(exhibitor.Id) || exhibitor.BlockedOrEmpty.Contains(buyer.Id);

    private static (int Depth, string Code) BestHsMatch(IEnumerable<string> offered, IEnumerable<string> wanted)
    {
        var best = (0, "");
        foreach (var o in offered)
        foreach (var w in wanted)
        {
            var common = 0;
            while (common < o.Length && common < w.Length && o[common] == w[common]) common++;
            var depth = common >= 6 ? 6 : common >= 4 ? 4 : common >= 2 ? 2 : 0;
            if (depth > best.Item1) best = (depth, o[..depth]);
        }

        return best;
    }
}
