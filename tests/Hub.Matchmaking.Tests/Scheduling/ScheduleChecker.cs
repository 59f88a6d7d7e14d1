using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// Verifies every hard constraint of a schedule against its problem, independently of the scheduler (it reads the
/// participants and the slot grid, not the scheduler's internals), and returns every violation, not only the first.
/// </summary>
public static class ScheduleChecker
{
    private const double Tolerance = 1e-6;

    public static IReadOnlyList<string> Check(MatchmakingProblem problem, CandidateSet candidates, Schedule schedule)
    {
        var violations = new List<string>();
        var grid = problem.Grid;
        var expo = problem.Expo;
        var candidateScores = new Dictionary<(int, int), double>();
        foreach (var c in candidates.Pairs)
            candidateScores[(c.Exhibitor, c.Buyer)] = candidateScores.TryGetValue((c.Exhibitor, c.Buyer), out var s) ? Math.Max(s, c.Score) : c.Score;
        var preservedAt = problem.Preserved.Select(p => (p.ExhibitorId, p.BuyerId, p.Slot, p.Table)).ToHashSet();

        var exhibitorSlot = new HashSet<(int, int)>();
        var buyerSlot = new HashSet<(int, int)>();
        var slotTable = new HashSet<(int, int)>();
        var pairsMet = new HashSet<(int, int)>();
        var perSlot = new Dictionary<int, int>();
        var perExhibitor = new Dictionary<int, int>();
        var perBuyer = new Dictionary<int, int>();
        var sum = 0.0;
        foreach (var m in schedule.Meetings)
        {
            var what = $"meeting {m}";
            if (m.Exhibitor < 0 || m.Exhibitor >= problem.Exhibitors.Count || m.Buyer < 0 || m.Buyer >= problem.Buyers.Count)
            {
                violations.Add($"{what}: unknown participant");
                continue;
            }

            var exhibitor = problem.Exhibitors[m.Exhibitor];
            var buyer = problem.Buyers[m.Buyer];
            if (m.Slot < 0 || m.Slot >= grid.Count) violations.Add($"{what}: slot {m.Slot} outside the grid of {grid.Count}");
            else
            {
                if (!grid.AvailableSlots(exhibitor).Contains(m.Slot)) violations.Add($"{what}: exhibitor {exhibitor.Id} not available in slot {m.Slot}");
                if (!grid.AvailableSlots(buyer).Contains(m.Slot)) violations.Add($"{what}: buyer {buyer.Id} not available in slot {m.Slot}");
            }

            if (m.Table < 1 || m.Table > expo.Tables) violations.Add($"{what}: table {m.Table} outside 1..{expo.Tables}");
            if (!exhibitorSlot.Add((m.Exhibitor, m.Slot))) violations.Add($"{what}: exhibitor {exhibitor.Id} double-booked in slot {m.Slot}");
            if (!buyerSlot.Add((m.Buyer, m.Slot))) violations.Add($"{what}: buyer {buyer.Id} double-booked in slot {m.Slot}");
            if (!slotTable.Add((m.Slot, m.Table))) violations.Add($"{what}: table {m.Table} used twice in slot {m.Slot}");
            if (!pairsMet.Add((m.Exhibitor, m.Buyer))) violations.Add($"{what}: the pair meets more than once");
            if (exhibitor.Cancelled) violations.Add($"{what}: exhibitor {exhibitor.Id} is cancelled");
            if (buyer.Cancelled) violations.Add($"{what}: buyer {buyer.Id} is cancelled");
            if (buyer.BlockedOrEmpty.Contains(exhibitor.Id) || exhibitor.BlockedOrEmpty.Contains(buyer.Id)) violations.Add($"{what}: the pair is blocked");

            var isCandidate = candidateScores.TryGetValue((m.Exhibitor, m.Buyer), out var score);
            var isKept = preservedAt.Contains((exhibitor.Id, buyer.Id, m.Slot, m.Table));
            if (!isCandidate && !isKept) violations.Add($"{what}: neither a candidate pair nor a preserved meeting kept in place");
            var expected = isCandidate ? score : 0;
            if (Math.Abs(m.Score - expected) > Tolerance) violations.Add($"{what}: score {m.Score} is not the pair's {expected}");

            perSlot[m.Slot] = perSlot.GetValueOrDefault(m.Slot) + 1;
            perExhibitor[m.Exhibitor] = perExhibitor.GetValueOrDefault(m.Exhibitor) + 1;
            perBuyer[m.Buyer] = perBuyer.GetValueOrDefault(m.Buyer) + 1;
            sum += m.Score;
        }

        foreach (var (slot, count) in perSlot)
            if (count > expo.Tables) violations.Add($"slot {slot} holds {count} meetings for {expo.Tables} tables");
        foreach (var (e, count) in perExhibitor)
            if (count > problem.Exhibitors[e].MeetingLimit(expo)) violations.Add($"exhibitor {problem.Exhibitors[e].Id} has {count} meetings, limit {problem.Exhibitors[e].MeetingLimit(expo)}");
        foreach (var (b, count) in perBuyer)
            if (count > problem.Buyers[b].MeetingLimit(expo)) violations.Add($"buyer {problem.Buyers[b].Id} has {count} meetings, limit {problem.Buyers[b].MeetingLimit(expo)}");

        if (Math.Abs(schedule.Objective - sum) > Tolerance * Math.Max(1, Math.Abs(sum))) violations.Add($"objective {schedule.Objective} is not the sum of scores {sum}");
        if (schedule.Objective > schedule.UpperBound + Tolerance * Math.Max(1, Math.Abs(sum))) violations.Add($"objective {schedule.Objective} exceeds the bound {schedule.UpperBound}");

        // Every preserved meeting is either kept where it was or reported moved with a reason, never both.
        var kept = schedule.Meetings
            .Where(m => m.Exhibitor >= 0 && m.Exhibitor < problem.Exhibitors.Count && m.Buyer >= 0 && m.Buyer < problem.Buyers.Count)
            .Select(m => (problem.Exhibitors[m.Exhibitor].Id, problem.Buyers[m.Buyer].Id, m.Slot, m.Table)).ToHashSet();
        var movedCount = schedule.Moved.GroupBy(m => m.Meeting).ToDictionary(g => g.Key, g => g.Count());
        foreach (var group in problem.Preserved.GroupBy(p => p))
        {
            var p = group.Key;
            var isKept = kept.Contains((p.ExhibitorId, p.BuyerId, p.Slot, p.Table)) ? 1 : 0;
            var timesMoved = movedCount.GetValueOrDefault(p);
            if (isKept + timesMoved != group.Count())
                violations.Add($"preserved {p} (listed {group.Count()}x) is kept {isKept}x and reported moved {timesMoved}x");
        }

        foreach (var m in schedule.Moved)
            if (!problem.Preserved.Contains(m.Meeting)) violations.Add($"moved {m.Meeting} was never preserved");

        foreach (var m in schedule.Moved)
            if (string.IsNullOrWhiteSpace(m.Reason)) violations.Add($"moved {m.Meeting} has no reason");

        return violations;
    }
}
