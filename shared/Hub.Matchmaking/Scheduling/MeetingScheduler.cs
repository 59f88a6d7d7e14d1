using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Scheduling;

/// <summary>
/// First scheduler: keeps the preserved meetings that are still feasible, then takes pairs best score first and gives each
/// the first slot both parties are free and available in that still has a table. Its bound is the sum of every candidate's
/// score, which no schedule can beat. The optimising scheduler replaces it.
/// </summary>
public sealed class MeetingScheduler : IMeetingScheduler
{
    public Schedule Solve(MatchmakingProblem problem, CandidateSet candidates, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken)
    {
        var grid = problem.Grid;
        var exhibitorSlots = problem.Exhibitors.Select(grid.AvailableSlots).ToArray();
        var buyerSlots = problem.Buyers.Select(grid.AvailableSlots).ToArray();
        var exhibitorBusy = problem.Exhibitors.Select(_ => new SlotSet(grid.Count)).ToArray();
        var buyerBusy = problem.Buyers.Select(_ => new SlotSet(grid.Count)).ToArray();
        var exhibitorCount = new int[problem.Exhibitors.Count];
        var buyerCount = new int[problem.Buyers.Count];
        var tablesUsed = new HashSet<int>[grid.Count];
        for (var s = 0; s < grid.Count; s++) tablesUsed[s] = [];
        var meetings = new List<ScheduledPair>();
        var met = new HashSet<(int, int)>();
        var moved = new List<MovedMeeting>();

        var exhibitorIndex = Enumerable.Range(0, problem.Exhibitors.Count).ToDictionary(i => problem.Exhibitors[i].Id);
        var buyerIndex = Enumerable.Range(0, problem.Buyers.Count).ToDictionary(i => problem.Buyers[i].Id);
        var scores = candidates.Pairs.ToDictionary(p => (p.Exhibitor, p.Buyer), p => p.Score);
        foreach (var kept in problem.Preserved)
        {
            var reason = PreservedFits(kept, out var e, out var b);
            if (reason is not null) { moved.Add(new MovedMeeting(kept, reason)); continue; }
            Place(e, b, kept.Slot, kept.Table, scores.GetValueOrDefault((e, b)));
        }

        foreach (var pair in candidates.Pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Buyer).ThenBy(p => p.Exhibitor))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (met.Contains((pair.Exhibitor, pair.Buyer))) continue;
            if (exhibitorCount[pair.Exhibitor] >= problem.Exhibitors[pair.Exhibitor].MeetingLimit(problem.Expo)) continue;
            if (buyerCount[pair.Buyer] >= problem.Buyers[pair.Buyer].MeetingLimit(problem.Expo)) continue;
            for (var s = 0; s < grid.Count; s++)
            {
                if (!Free(pair.Exhibitor, pair.Buyer, s) || tablesUsed[s].Count >= problem.Expo.Tables) continue;
                var table = Enumerable.Range(1, problem.Expo.Tables).First(t => !tablesUsed[s].Contains(t));
                Place(pair.Exhibitor, pair.Buyer, s, table, pair.Score);
                break;
            }
        }

        progress?.Report(new MatchmakingProgress("scheduling", 1));
        return new Schedule(meetings, meetings.Sum(m => m.Score), candidates.Pairs.Sum(p => p.Score) + meetings.Where(m => !scores.ContainsKey((m.Exhibitor, m.Buyer))).Sum(m => m.Score), moved);

        bool Free(int e, int b, int s) =>
            exhibitorSlots[e].Contains(s) && buyerSlots[b].Contains(s) && !exhibitorBusy[e].Contains(s) && !buyerBusy[b].Contains(s);

        void Place(int e, int b, int s, int table, double score)
        {
            exhibitorBusy[e].Add(s);
            buyerBusy[b].Add(s);
            exhibitorCount[e]++;
            buyerCount[b]++;
            tablesUsed[s].Add(table);
            met.Add((e, b));
            meetings.Add(new ScheduledPair(e, b, s, table, score));
        }

        string? PreservedFits(PreservedMeeting kept, out int e, out int b)
        {
            b = -1;
            if (!exhibitorIndex.TryGetValue(kept.ExhibitorId, out e) || problem.Exhibitors[e].Cancelled) return "exhibitor cancelled";
            if (!buyerIndex.TryGetValue(kept.BuyerId, out b) || problem.Buyers[b].Cancelled) return "buyer cancelled";
            var exhibitor = problem.Exhibitors[e];
            var buyer = problem.Buyers[b];
            if (buyer.BlockedOrEmpty.Contains(exhibitor.Id) || exhibitor.BlockedOrEmpty.Contains(buyer.Id)) return "pair blocked";
            if (kept.Slot >= grid.Count || kept.Table > problem.Expo.Tables) return "slot or table no longer exists";
            if (!exhibitorSlots[e].Contains(kept.Slot)) return "exhibitor no longer available in this slot";
            if (!buyerSlots[b].Contains(kept.Slot)) return "buyer no longer available in this slot";
            if (exhibitorBusy[e].Contains(kept.Slot) || buyerBusy[b].Contains(kept.Slot) || tablesUsed[kept.Slot].Contains(kept.Table))
                return "clashes with another kept meeting";
            if (exhibitorCount[e] >= exhibitor.MeetingLimit(problem.Expo)) return "over the exhibitor's meeting limit";
            if (buyerCount[b] >= buyer.MeetingLimit(problem.Expo)) return "over the buyer's meeting limit";
            return null;
        }
    }
}
