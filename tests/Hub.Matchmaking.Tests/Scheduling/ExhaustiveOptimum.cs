using Hub.Matchmaking.Engine;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// The exact optimum of a tiny problem by brute force, a formulation independent of the scheduler's: every feasible
/// schedule is enumerated slot by slot (in each slot, every set of pairs that shares nobody, fits the free tables, keeps
/// limits, uses each pair once and only where both are available), and each complete selection is valued. Tables are
/// interchangeable within a slot, so a selection that fits a slot's table count can always be numbered.
/// </summary>
public static class ExhaustiveOptimum
{
    /// <param name="PureScore">The best sum of scores of any schedule.</param>
    /// <param name="BuyersWithMeeting">The most buyers that any schedule gives a meeting.</param>
    /// <param name="FairValue">Among schedules with that many buyers met, the best score plus the bonus for each buyer's second and third meeting.</param>
    public sealed record Optimum(double PureScore, int BuyersWithMeeting, double FairValue);

    public static Optimum Solve(MatchmakingProblem problem, CandidateSet candidates, double secondAndThirdBonus)
    {
        var grid = problem.Grid;
        var expo = problem.Expo;
        var best = new Dictionary<(int E, int B), double>();
        foreach (var c in candidates.Pairs)
        {
            var exhibitor = problem.Exhibitors[c.Exhibitor];
            var buyer = problem.Buyers[c.Buyer];
            if (exhibitor.Cancelled || buyer.Cancelled) continue;
            if (buyer.BlockedOrEmpty.Contains(exhibitor.Id) || exhibitor.BlockedOrEmpty.Contains(buyer.Id)) continue;
            best[(c.Exhibitor, c.Buyer)] = best.TryGetValue((c.Exhibitor, c.Buyer), out var s) ? Math.Max(s, c.Score) : c.Score;
        }

        var pairs = best.OrderBy(kv => kv.Key).ToList();
        if (pairs.Count > 20) throw new ArgumentException($"{pairs.Count} pairs is too many to enumerate.");
        var slots = grid.Count;
        var availableIn = pairs.Select(p =>
        {
            var e = grid.AvailableSlots(problem.Exhibitors[p.Key.E]);
            var b = grid.AvailableSlots(problem.Buyers[p.Key.B]);
            return Enumerable.Range(0, slots).Where(s => e.Contains(s) && b.Contains(s)).ToHashSet();
        }).ToList();

        var finals = new HashSet<int>();
        var seen = new HashSet<(int Slot, int Mask)>();
        void FromSlot(int slot, int mask)
        {
            if (!seen.Add((slot, mask))) return;
            if (slot == slots)
            {
                finals.Add(mask);
                return;
            }

            void Choose(int next, int added, int addedMask, HashSet<int> busyE, HashSet<int> busyB)
            {
                FromSlot(slot + 1, mask | addedMask);
                if (added == expo.Tables) return;
                for (var p = next; p < pairs.Count; p++)
                {
                    if ((mask & (1 << p)) != 0 || !availableIn[p].Contains(slot)) continue;
                    var (e, b) = pairs[p].Key;
                    if (busyE.Contains(e) || busyB.Contains(b)) continue;
                    var all = mask | addedMask | (1 << p);
                    if (Count(all, q => pairs[q].Key.E == e) > problem.Exhibitors[e].MeetingLimit(expo)) continue;
                    if (Count(all, q => pairs[q].Key.B == b) > problem.Buyers[b].MeetingLimit(expo)) continue;
                    busyE.Add(e);
                    busyB.Add(b);
                    Choose(p + 1, added + 1, addedMask | (1 << p), busyE, busyB);
                    busyE.Remove(e);
                    busyB.Remove(b);
                }
            }

            Choose(0, 0, 0, [], []);
        }

        FromSlot(0, 0);

        var pure = 0.0;
        var fairBuyers = 0;
        var fairValue = 0.0;
        foreach (var mask in finals)
        {
            var score = 0.0;
            var perBuyer = new Dictionary<int, int>();
            for (var p = 0; p < pairs.Count; p++)
            {
                if ((mask & (1 << p)) == 0) continue;
                score += pairs[p].Value;
                perBuyer[pairs[p].Key.B] = perBuyer.GetValueOrDefault(pairs[p].Key.B) + 1;
            }

            pure = Math.Max(pure, score);
            var value = score + secondAndThirdBonus * perBuyer.Values.Sum(k => Math.Clamp(k - 1, 0, 2));
            if (perBuyer.Count > fairBuyers || (perBuyer.Count == fairBuyers && value > fairValue))
            {
                fairBuyers = perBuyer.Count;
                fairValue = value;
            }
        }

        return new Optimum(pure, fairBuyers, fairValue);
    }

    /// <summary>The same valuation for a schedule: buyers met, and score plus the second-and-third-meeting bonus.</summary>
    public static (int BuyersWithMeeting, double FairValue) Value(Schedule schedule, double secondAndThirdBonus)
    {
        var perBuyer = schedule.Meetings.GroupBy(m => m.Buyer).Select(g => g.Count()).ToList();
        return (perBuyer.Count, schedule.Objective + secondAndThirdBonus * perBuyer.Sum(k => Math.Clamp(k - 1, 0, 2)));
    }

    private static int Count(int mask, Func<int, bool> predicate)
    {
        var count = 0;
        for (var p = 0; mask >> p != 0; p++)
            if ((mask & (1 << p)) != 0 && predicate(p)) count++;
        return count;
    }
}
