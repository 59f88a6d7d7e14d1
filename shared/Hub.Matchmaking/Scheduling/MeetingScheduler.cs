using System.Numerics;
using Hub.Matchmaking.Engine;

namespace Hub.Matchmaking.Scheduling;

/// <summary>
/// Selects meetings among the scored candidates and gives each a slot and a table, within every hard constraint: nobody
/// double-booked, both parties available in the slot, at most <see cref="Model.Expo.Tables"/> meetings per slot on tables
/// 1..Tables (one meeting per table and slot), nobody over their meeting limit, cancelled participants and blocked pairs
/// never, each pair at most once, only candidate pairs (and kept preserved meetings).
/// <para>
/// <b>Preserved meetings</b> (<see cref="MatchmakingProblem.Preserved"/>) are placed first, at their slot and table, when
/// both parties are still registered and active, the pair is not blocked, the slot and table still exist and both are
/// available in the slot. Among those, conflicts (limits lowered, double bookings, one table twice) are settled by keeping
/// the higher-scored meeting first (then earlier slot, lower table, ids). Every preserved meeting not kept is listed in
/// <see cref="Schedule.Moved"/> with its reason. A kept meeting's score is its candidate's score; a kept pair that is no
/// longer a candidate (the scorer's cap dropped it) is kept with score 0, since the scheduler cannot score pairs.
/// </para>
/// <para>
/// <b>Selection</b> is a min-cost flow (OR-Tools) over the candidates whose parties share a free available slot with a free
/// table: buyer capacity = min(limit, free available slots), exhibitor capacity likewise, total = free tables of all slots;
/// scores are scaled by 100 to integers. With <see cref="MeetingSchedulerOptions.Fairness"/> (the default) the selection
/// maximises, lexicographically, (1) the number of buyers with at least one meeting, then (2) the sum of scores plus
/// <see cref="MeetingSchedulerOptions.SecondAndThirdMeetingBonus"/> for each buyer's second and third meeting: the
/// first-meeting bonus is larger than what (2) can change along any improving cycle of the flow. The precise guarantee
/// is about the selection (per-participant capacities and the total table capacity, before slots are assigned): no such
/// selection gives more buyers a meeting; in particular no buyer with a candidate is left without one while a chain of
/// exchanges (e.g. taking another buyer's fourth meeting) could give it one. Placement in slots can then fail for a few
/// selected pairs; it places buyers' first meetings before their others, refill rounds select again with the same
/// objective for the capacity left, and a buyer loses its only meeting only when no repair finds it a slot. (On the
/// 2,000 x 10,000 synthetic benchmark every buyer with a candidate is met and nobody has a fourth meeting.)
/// </para>
/// <para>
/// <b>Scheduling</b> places the selected pairs greedily, most constrained first (buyers' first meetings, then fewest free
/// common slots), each in the free common slot next to most of the two parties' other meetings that day (few idle gaps),
/// then the slot with most free tables. A pair with no free common slot is repaired by moving the meeting(s) that block it
/// (the buyer's, the exhibitor's, or for a full slot any movable one) to another free slot. What still cannot be placed
/// is dropped and its capacity refilled by further selection rounds (<see cref="MeetingSchedulerOptions.RefillRounds"/>)
/// and a last greedy pass over the remaining candidates. Tables are numbered per slot, an exhibitor keeping its table from
/// one slot to the next where it can.
/// </para>
/// <para>
/// <b>Small problems</b> (at most <see cref="MeetingSchedulerOptions.ExactVariableLimit"/> (pair, slot) choices) are solved
/// exactly with CP-SAT for the same objective, slots included (the fairness level then beats any difference of the rest
/// between two schedules), so their schedule is optimal, not only their selection; when CP-SAT does not prove optimality
/// within <see cref="MeetingSchedulerOptions.ExactDeterministicTime"/> the heuristic runs instead.
/// </para>
/// <para>
/// <b>Upper bound</b>: the kept meetings' scores plus the pure-score optimum of the selection flow (no fairness bonuses,
/// no slot clashes, scores rounded up), so <see cref="Schedule.Objective"/> &lt;= <see cref="Schedule.UpperBound"/> for
/// every schedule that keeps the kept meetings. <see cref="Schedule.Objective"/> is the sum of the meetings' scores.
/// </para>
/// Thread-safe (no state outside a call) and deterministic: the same problem and candidates give the same schedule.
/// </summary>
public sealed class MeetingScheduler(MeetingSchedulerOptions? options = null) : IMeetingScheduler
{
    private const double Scale = 100;
    private readonly MeetingSchedulerOptions _options = options ?? MeetingSchedulerOptions.Default;

    public Schedule Solve(MatchmakingProblem problem, CandidateSet candidates, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidates);
        progress?.Report(new MatchmakingProgress("selection", 0));

        var instance = new Instance(problem);
        var board = new Board(instance);
        var pairs = Pairs.From(instance, candidates);
        var moved = KeepPreserved(problem, instance, board, pairs);
        var keptScore = board.Bookings.Sum(m => m.Score);

        cancellationToken.ThrowIfCancellationRequested();
        var selectable = Selectable(board, pairs, []);
        var bound = keptScore + SelectionFlow.Select(instance.E, instance.B, CapacityE(board), CapacityB(board), board.FreeTables,
            selectable, pairs.E, pairs.B, pairs.ProfitRoundedUp, fairness: null).Profit / Scale;
        progress?.Report(new MatchmakingProgress("selection", 0.3));

        cancellationToken.ThrowIfCancellationRequested();
        var choices = selectable.Sum(p => (long)board.CountFreeCommon(pairs.E[p], pairs.B[p]));
        var exact = choices <= _options.ExactVariableLimit
            ? ExactPlacement.Solve(board, selectable, pairs.E, pairs.B, pairs.Profit, Fairness(board, pairs, selectable, forExactModel: true), _options.ExactDeterministicTime)
            : null;
        if (exact is not null)
        {
            PlaceExactSelection(board, pairs, exact);
            progress?.Report(new MatchmakingProgress("selection", 1));
        }
        else
        {
            Heuristic(board, pairs, selectable, progress, cancellationToken);
        }

        if (_options.Fairness) SecureFirstMeetings(board, pairs, cancellationToken);

        Compact(board, cancellationToken);
        progress?.Report(new MatchmakingProgress("scheduling", 1));
        return Result(board, bound, moved);
    }

    private void Heuristic(Board board, Pairs pairs, List<int> selectable, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken)
    {
        var instance = board.Instance;
        var tried = new bool[pairs.Count];
        var rounds = 1 + Math.Max(0, _options.RefillRounds);
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0) selectable = Selectable(board, pairs, tried);
            if (selectable.Count == 0) break;
            var selection = SelectionFlow.Select(instance.E, instance.B, CapacityE(board), CapacityB(board), board.FreeTables,
                selectable, pairs.E, pairs.B, pairs.Profit, Fairness(board, pairs, selectable, forExactModel: false));
            if (round == 0) progress?.Report(new MatchmakingProgress("selection", 1));
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var p in selection.Selected) tried[p] = true;
            var placed = Place(board, pairs, selection.Selected, cancellationToken);
            progress?.Report(new MatchmakingProgress("scheduling", (round + 1.0) / (rounds + 1)));
            if (placed == 0) break;
        }

        // Last, what no round selected but still fits: buyers without a meeting first, then by score.
        var rest = Enumerable.Range(0, pairs.Count).Where(p => !tried[p] && !pairs.Kept[p])
            .OrderBy(p => board.CountB[pairs.B[p]] == 0 ? 0 : 1).ThenByDescending(p => pairs.Profit[p]).ThenBy(p => p).ToList();
        var count = 0;
        foreach (var p in rest)
        {
            if (++count % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
            var (e, b) = (pairs.E[p], pairs.B[p]);
            if (pairs.Kept[p] || board.CountE[e] >= instance.LimitE[e] || board.CountB[b] >= instance.LimitB[b]) continue;
            if (pairs.Profit[p] <= 0 && !(_options.Fairness && board.CountB[b] == 0)) continue;
            var slot = board.BestSlot(e, b);
            if (slot < 0) continue;
            board.Place(board.Add(new Booking(e, b, pairs.Score[p], pairs.Profit[p], kept: false)), slot);
        }
    }

    /// <summary>
    /// Fairness that survives placement: a buyer still without a meeting but with a candidate it shares an available slot
    /// with gets one, in the first slot of its best such pair where room can be made by dropping meetings whose buyers keep
    /// at least one other (never a kept meeting). The flow's fairness holds for the selection; when tables or the
    /// exhibitor's slots run out during placement, a buyer's second or later meeting yields to another buyer's first.
    /// </summary>
    private static void SecureFirstMeetings(Board board, Pairs pairs, CancellationToken cancellationToken)
    {
        var instance = board.Instance;
        var waiting = new Dictionary<int, List<int>>();
        for (var p = 0; p < pairs.Count; p++)
        {
            if (pairs.Kept[p] || board.CountB[pairs.B[p]] > 0) continue;
            if (!waiting.TryGetValue(pairs.B[p], out var list)) waiting[pairs.B[p]] = list = [];
            list.Add(p);
        }

        // Room is made only from buyers with two meetings or more: once there are none and every table is taken (a
        // large expo whose tables cannot hold one meeting per buyer), nobody else can get a first meeting.
        var buyersWithSeveral = board.CountB.Count(c => c >= 2);
        foreach (var b in waiting.Keys.Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buyersWithSeveral == 0 && board.FreeTables == 0) break;
            if (board.CountB[b] >= instance.LimitB[b] || board.CountB[b] > 0) continue;
            foreach (var p in waiting[b].OrderByDescending(p => pairs.Profit[p]).ThenBy(p => p))
            {
                if (TryFirstMeeting(board, pairs, p) is not { } displaced) continue;
                foreach (var buyer in displaced)
                    if (board.CountB[buyer] == 1) buyersWithSeveral--;
                break;
            }
        }
    }

    /// <summary>Places pair <paramref name="p"/> where room can be made; the buyers whose meetings gave way, or null when it found no room.</summary>
    private static List<int>? TryFirstMeeting(Board board, Pairs pairs, int p)
    {
        var instance = board.Instance;
        var (e, b) = (pairs.E[p], pairs.B[p]);
        for (var s = 0; s < instance.S; s++)
        {
            if (!instance.AvailableE(e, s) || !instance.AvailableB(b, s) || board.BusyAtB(b, s)) continue;
            var inTheWay = board.AtE[e * instance.S + s];
            if (inTheWay >= 0 && !Yields(board, inTheWay)) continue;
            var overLimit = inTheWay < 0 && board.CountE[e] >= instance.LimitE[e] ? CheapestYielding(board, ExhibitorMeetings(board, e)) : -1;
            if (inTheWay < 0 && board.CountE[e] >= instance.LimitE[e] && overLimit < 0) continue;
            var tableFreed = inTheWay >= 0 || (overLimit >= 0 && board.Bookings[overLimit].Slot == s);
            var forTable = !tableFreed && board.Load[s] >= instance.Tables
                ? CheapestYielding(board, board.InSlot[s].Where(x => x != overLimit && (overLimit < 0 || board.Bookings[x].B != board.Bookings[overLimit].B || board.CountB[board.Bookings[x].B] > 2)))
                : -1;
            if (!tableFreed && board.Load[s] >= instance.Tables && forTable < 0) continue;

            var displaced = new List<int>();
            foreach (var x in new[] { inTheWay, overLimit, forTable })
            {
                if (x < 0) continue;
                board.Unplace(x);
                board.Drop(x);
                displaced.Add(board.Bookings[x].B);
            }

            board.Place(board.Add(new Booking(e, b, pairs.Score[p], pairs.Profit[p], kept: false)), s);
            return displaced;
        }

        return null;
    }

    private static bool Yields(Board board, int index) =>
        !board.Bookings[index].Kept && board.CountB[board.Bookings[index].B] >= 2;

    private static int CheapestYielding(Board board, IEnumerable<int> indexes)
    {
        var best = -1;
        foreach (var x in indexes)
            if (Yields(board, x) && (best < 0 || board.Bookings[x].Profit < board.Bookings[best].Profit)) best = x;
        return best;
    }

    private static IEnumerable<int> ExhibitorMeetings(Board board, int e)
    {
        for (var s = 0; s < board.Instance.S; s++)
            if (board.AtE[e * board.Instance.S + s] is var x and >= 0) yield return x;
    }

    /// <summary>Places selected pairs, most constrained first, repairing where needed; returns how many were placed.</summary>
    private static int Place(Board board, Pairs pairs, List<int> selected, CancellationToken cancellationToken)
    {
        // A buyer's first meeting of this round (its best pair) goes first when it has none yet.
        var firstOfBuyer = new Dictionary<int, int>();
        foreach (var p in selected)
        {
            var b = pairs.B[p];
            if (board.CountB[b] > 0) continue;
            if (!firstOfBuyer.TryGetValue(b, out var q) || pairs.Profit[p] > pairs.Profit[q] || (pairs.Profit[p] == pairs.Profit[q] && p < q))
                firstOfBuyer[b] = p;
        }

        var order = selected
            .Select(p => (Pair: p, Tier: firstOfBuyer.TryGetValue(pairs.B[p], out var f) && f == p ? 0 : 1,
                Freedom: board.CountFreeCommon(pairs.E[p], pairs.B[p])))
            .OrderBy(x => x.Tier).ThenBy(x => x.Freedom).ThenByDescending(x => pairs.Profit[x.Pair]).ThenBy(x => x.Pair)
            .Select(x => x.Pair).ToList();

        var indexes = new int[order.Count];
        for (var k = 0; k < order.Count; k++)
        {
            var p = order[k];
            indexes[k] = board.Add(new Booking(pairs.E[p], pairs.B[p], pairs.Score[p], pairs.Profit[p], kept: false));
        }

        var placed = 0;
        for (var k = 0; k < order.Count; k++)
        {
            if (k % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
            var index = indexes[k];
            var m = board.Bookings[index];
            var slot = board.BestSlot(m.E, m.B);
            if (slot >= 0) board.Place(index, slot);
            else if (!Repair(board, index))
            {
                board.Drop(index);
                continue;
            }

            placed++;
        }

        return placed;
    }

    /// <summary>
    /// Makes room for an unplaced booking in a slot where both parties are available, by moving the meeting(s) in its way
    /// (the buyer's or the exhibitor's meeting in that slot, or, in a full slot, another movable meeting) to a free slot.
    /// </summary>
    private static bool Repair(Board board, int index)
    {
        var instance = board.Instance;
        var m = board.Bookings[index];
        var openAnywhere = board.Open.Any(w => w != 0);
        for (var w = 0; w < instance.W; w++)
        {
            var word = instance.AvailE[m.E * instance.W + w] & instance.AvailB[m.B * instance.W + w];
            while (word != 0)
            {
                var s = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var mb = board.AtB[m.B * instance.S + s];
                var me = board.AtE[m.E * instance.S + s];
                if ((mb >= 0 && board.Bookings[mb].Kept) || (me >= 0 && board.Bookings[me].Kept)) continue;
                if (mb < 0 && me < 0)
                {
                    if (board.Load[s] < instance.Tables)
                    {
                        board.Place(index, s);
                        return true;
                    }

                    if (!openAnywhere) continue;
                    var tries = 0;
                    foreach (var x in board.InSlot[s].ToArray())
                    {
                        if (board.Bookings[x].Kept) continue;
                        if (++tries > 64) break;
                        board.Unplace(x);
                        board.Place(index, s);
                        var to = board.BestSlot(board.Bookings[x].E, board.Bookings[x].B);
                        if (to >= 0)
                        {
                            board.Place(x, to);
                            return true;
                        }

                        board.Unplace(index);
                        board.Place(x, s);
                    }

                    continue;
                }

                if (mb >= 0) board.Unplace(mb);
                if (me >= 0) board.Unplace(me);
                board.Place(index, s);
                var movedB = mb < 0 || MoveToBest(board, mb);
                var movedE = movedB && (me < 0 || MoveToBest(board, me));
                if (movedB && movedE) return true;

                if (mb >= 0 && board.Bookings[mb].Slot >= 0) board.Unplace(mb);
                if (me >= 0 && board.Bookings[me].Slot >= 0) board.Unplace(me);
                board.Unplace(index);
                if (mb >= 0) board.Place(mb, s);
                if (me >= 0) board.Place(me, s);
            }
        }

        return false;
    }

    /// <summary>
    /// The exact selection, placed for fewer idle gaps: CP-SAT's slots are optimal but arbitrary, so the same meetings
    /// are first placed greedily (next to the parties' other meetings); only if that fails for one do CP-SAT's slots stay.
    /// </summary>
    private static void PlaceExactSelection(Board board, Pairs pairs, List<(int Pair, int Slot)> exact)
    {
        var order = exact
            .OrderBy(x => board.CountFreeCommon(pairs.E[x.Pair], pairs.B[x.Pair])).ThenByDescending(x => pairs.Profit[x.Pair]).ThenBy(x => x.Pair)
            .Select(x => (Index: board.Add(new Booking(pairs.E[x.Pair], pairs.B[x.Pair], pairs.Score[x.Pair], pairs.Profit[x.Pair], kept: false)), x.Slot))
            .ToList();
        foreach (var (index, _) in order)
        {
            var m = board.Bookings[index];
            var slot = board.BestSlot(m.E, m.B);
            if (slot >= 0) board.Place(index, slot);
            else if (!Repair(board, index)) break;
        }

        if (order.All(x => board.Bookings[x.Index].Slot >= 0)) return;
        foreach (var (index, _) in order)
            if (board.Bookings[index].Slot >= 0) board.Unplace(index);
        foreach (var (index, slot) in order) board.Place(index, slot);
    }

    /// <summary>
    /// Fewer idle gaps: moves each movable meeting to a free slot next to more of its two parties' other meetings that day,
    /// when there is one. Only slots change, never the selection, so the objective stays (and the exact path's optimum too).
    /// </summary>
    private static void Compact(Board board, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var moves = 0;
            for (var index = 0; index < board.Bookings.Count; index++)
            {
                if (index % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
                var m = board.Bookings[index];
                if (m.Kept || m.Slot < 0) continue;
                var from = m.Slot;
                board.Unplace(index);
                var here = board.Adjacent(m.E, m.B, from);
                var to = board.BestSlot(m.E, m.B);
                if (to >= 0 && to != from && board.Adjacent(m.E, m.B, to) > here)
                {
                    board.Place(index, to);
                    moves++;
                }
                else board.Place(index, from);
            }

            if (moves == 0) break;
        }
    }

    private static bool MoveToBest(Board board, int index)
    {
        var m = board.Bookings[index];
        var slot = board.BestSlot(m.E, m.B);
        if (slot < 0) return false;
        board.Place(index, slot);
        return true;
    }

    /// <summary>Candidates that may still be selected: not kept, not tried, both with room, a free common slot with a free table.</summary>
    private static List<int> Selectable(Board board, Pairs pairs, bool[] tried)
    {
        var instance = board.Instance;
        var placed = new HashSet<long>();
        foreach (var m in board.Bookings)
            if (m.Slot >= 0) placed.Add(instance.Key(m.E, m.B));
        var list = new List<int>();
        for (var p = 0; p < pairs.Count; p++)
        {
            if (pairs.Kept[p] || (tried.Length > 0 && tried[p])) continue;
            var (e, b) = (pairs.E[p], pairs.B[p]);
            if (board.CountE[e] >= instance.LimitE[e] || board.CountB[b] >= instance.LimitB[b]) continue;
            if (placed.Contains(instance.Key(e, b))) continue;
            var any = false;
            for (var w = 0; w < instance.W && !any; w++) any = board.FreeCommon(e, b, w) != 0;
            if (any) list.Add(p);
        }

        return list;
    }

    private static int[] CapacityE(Board board)
    {
        var instance = board.Instance;
        var cap = new int[instance.E];
        for (var e = 0; e < instance.E; e++) cap[e] = Math.Max(0, Math.Min(instance.LimitE[e] - board.CountE[e], board.FreeSlotsE(e)));
        return cap;
    }

    private static int[] CapacityB(Board board)
    {
        var instance = board.Instance;
        var cap = new int[instance.B];
        for (var b = 0; b < instance.B; b++) cap[b] = Math.Max(0, Math.Min(instance.LimitB[b] - board.CountB[b], board.FreeSlotsB(b)));
        return cap;
    }

    /// <summary>
    /// The bonuses that make the selection lexicographic (most buyers with a meeting first). For the flow it suffices
    /// that the first-meeting bonus beats any one improving cycle of the residual graph: a flow with fewer buyers met
    /// than possible has a simple cycle that meets one more buyer (decompose the difference to a better flow), and a
    /// simple cycle changes at most two buyers' bonus arcs (at most 2 x the second/third bonus) and crosses at most
    /// 2 x min(exhibitors, buyers) pair arcs. The exact CP-SAT model has slot constraints, where that argument does
    /// not hold, so there the bonus beats the largest possible difference of everything else in any two schedules.
    /// </summary>
    private FairnessBonus? Fairness(Board board, Pairs pairs, List<int> selectable, bool forExactModel)
    {
        if (!_options.Fairness) return null;
        var secondAndThird = (long)Math.Round(Math.Max(0, _options.SecondAndThirdMeetingBonus) * Scale);
        var maxProfit = selectable.Count == 0 ? 1 : Math.Max(1, selectable.Max(p => Math.Abs(pairs.Profit[p])));
        Int128 first;
        if (forExactModel)
        {
            long meetings = Math.Min(board.FreeTables, selectable.Count);
            var buyers = Math.Min(board.Instance.B, meetings);
            first = (Int128)2 * buyers * secondAndThird + (Int128)2 * meetings * maxProfit + 1;
        }
        else
        {
            var side = Math.Min(board.Instance.E, board.Instance.B);
            first = (Int128)2 * secondAndThird + (Int128)2 * side * maxProfit + 1;
        }

        // OR-Tools' cost scaling multiplies costs by the node count: stay well inside 64 bits.
        var nodes = board.Instance.E + board.Instance.B + 4;
        if (first > (Int128)long.MaxValue / (16 * (Int128)nodes * nodes))
            throw new InvalidOperationException($"Scores up to {maxProfit / Scale} over {nodes} participants are too large for the selection's integer costs.");
        return new FairnessBonus((long)first, secondAndThird, (int[])board.CountB.Clone());
    }

    private static List<(int Order, MovedMeeting Moved)> KeepPreserved(MatchmakingProblem problem, Instance instance, Board board, Pairs pairs)
    {
        var moved = new List<(int Order, MovedMeeting Moved)>();
        var valid = new List<(int Order, int E, int B, PreservedMeeting Meeting, double Score, long Profit)>();
        for (var k = 0; k < problem.Preserved.Count; k++)
        {
            var pm = problem.Preserved[k];
            var e = -1;
            var b = -1;
            string? reason = null;
            if (!instance.ExhibitorIndex.TryGetValue(pm.ExhibitorId, out e)) reason = "exhibitor no longer registered";
            else if (!instance.ActiveE[e]) reason = "exhibitor cancelled";
            else if (!instance.BuyerIndex.TryGetValue(pm.BuyerId, out b)) reason = "buyer no longer registered";
            else if (!instance.ActiveB[b]) reason = "buyer cancelled";
            else if (instance.Blocked.Contains(instance.Key(e, b))) reason = "pair blocked";
            else if (pm.Slot < 0 || pm.Slot >= instance.S) reason = "slot no longer exists";
            else if (pm.Table < 1 || pm.Table > instance.Tables) reason = "table no longer exists";
            else if (!instance.AvailableE(e, pm.Slot)) reason = "exhibitor no longer available in this slot";
            else if (!instance.AvailableB(b, pm.Slot)) reason = "buyer no longer available in this slot";
            if (reason is not null)
            {
                moved.Add((k, new MovedMeeting(pm, reason)));
                continue;
            }

            var found = pairs.IndexOf(instance.Key(e, b));
            valid.Add((k, e, b, pm, found >= 0 ? pairs.Score[found] : 0, found >= 0 ? pairs.Profit[found] : 0));
        }

        var tables = new HashSet<(int Slot, int Table)>();
        var keptPairs = new HashSet<long>();
        foreach (var v in valid.OrderByDescending(v => v.Score).ThenBy(v => v.Meeting.Slot).ThenBy(v => v.Meeting.Table)
                     .ThenBy(v => v.Meeting.ExhibitorId, StringComparer.Ordinal).ThenBy(v => v.Meeting.BuyerId, StringComparer.Ordinal).ThenBy(v => v.Order))
        {
            var slot = v.Meeting.Slot;
            string? reason = null;
            if (keptPairs.Contains(instance.Key(v.E, v.B))) reason = "the pair already has a kept meeting";
            else if (board.BusyAtE(v.E, slot)) reason = "exhibitor double-booked in this slot";
            else if (board.BusyAtB(v.B, slot)) reason = "buyer double-booked in this slot";
            else if (tables.Contains((slot, v.Meeting.Table))) reason = "table taken in this slot";
            else if (board.CountE[v.E] >= instance.LimitE[v.E]) reason = "over the exhibitor's new meeting limit";
            else if (board.CountB[v.B] >= instance.LimitB[v.B]) reason = "over the buyer's new meeting limit";
            if (reason is not null)
            {
                moved.Add((v.Order, new MovedMeeting(v.Meeting, reason)));
                continue;
            }

            var index = board.Add(new Booking(v.E, v.B, v.Score, v.Profit, kept: true) { Table = v.Meeting.Table });
            board.Place(index, slot);
            tables.Add((slot, v.Meeting.Table));
            keptPairs.Add(instance.Key(v.E, v.B));
            var p = pairs.IndexOf(instance.Key(v.E, v.B));
            if (p >= 0) pairs.Kept[p] = true;
        }

        return moved;
    }

    private static Schedule Result(Board board, double bound, List<(int Order, MovedMeeting Moved)> moved)
    {
        var instance = board.Instance;
        var lastTable = new int[instance.E];
        var used = new bool[instance.Tables + 1];
        for (var s = 0; s < instance.S; s++)
        {
            Array.Clear(used);
            var waiting = new List<Booking>();
            foreach (var index in board.InSlot[s])
            {
                var m = board.Bookings[index];
                if (m.Kept) used[m.Table] = true;
                else waiting.Add(m);
            }

            waiting.Sort((x, y) => x.E != y.E ? x.E.CompareTo(y.E) : x.B.CompareTo(y.B));
            var rest = new List<Booking>();
            foreach (var m in waiting)
            {
                var preferred = lastTable[m.E];
                if (preferred > 0 && !used[preferred])
                {
                    m.Table = preferred;
                    used[preferred] = true;
                }
                else rest.Add(m);
            }

            var next = 1;
            foreach (var m in rest)
            {
                while (used[next]) next++;
                m.Table = next;
                used[next] = true;
            }

            foreach (var index in board.InSlot[s]) lastTable[board.Bookings[index].E] = board.Bookings[index].Table;
        }

        var meetings = board.Bookings.Where(m => m.Slot >= 0)
            .Select(m => new ScheduledPair(m.E, m.B, m.Slot, m.Table, m.Score))
            .OrderBy(m => m.Slot).ThenBy(m => m.Table).ToList();
        var objective = meetings.Sum(m => m.Score);
        return new Schedule(meetings, objective, bound, moved.OrderBy(m => m.Order).Select(m => m.Moved).ToList());
    }

    /// <summary>The usable candidates, one per pair (the best score if a pair came twice), in (exhibitor, buyer) order.</summary>
    private sealed class Pairs
    {
        private readonly Dictionary<long, int> _index;

        private Pairs(List<CandidatePair> list, Instance instance)
        {
            Count = list.Count;
            E = new int[Count];
            B = new int[Count];
            Score = new double[Count];
            Profit = new long[Count];
            ProfitRoundedUp = new long[Count];
            Kept = new bool[Count];
            _index = new Dictionary<long, int>(Count);
            for (var p = 0; p < Count; p++)
            {
                var c = list[p];
                E[p] = c.Exhibitor;
                B[p] = c.Buyer;
                Score[p] = c.Score;
                Profit[p] = (long)Math.Round(c.Score * Scale);
                ProfitRoundedUp[p] = (long)Math.Ceiling(c.Score * Scale);
                _index[instance.Key(c.Exhibitor, c.Buyer)] = p;
            }
        }

        public int Count { get; }
        public int[] E { get; }
        public int[] B { get; }
        public double[] Score { get; }
        public long[] Profit { get; }
        public long[] ProfitRoundedUp { get; }
        public bool[] Kept { get; }

        public int IndexOf(long key) => _index.TryGetValue(key, out var p) ? p : -1;

        public static Pairs From(Instance instance, CandidateSet candidates)
        {
            var best = new Dictionary<long, CandidatePair>();
            foreach (var c in candidates.Pairs)
            {
                if (c.Exhibitor < 0 || c.Exhibitor >= instance.E || c.Buyer < 0 || c.Buyer >= instance.B) continue;
                if (!instance.ActiveE[c.Exhibitor] || !instance.ActiveB[c.Buyer]) continue;
                if (!double.IsFinite(c.Score) || Math.Abs(c.Score) > 1e12) continue;
                var key = instance.Key(c.Exhibitor, c.Buyer);
                if (instance.Blocked.Contains(key)) continue;
                if (!best.TryGetValue(key, out var existing) || c.Score > existing.Score) best[key] = c;
            }

            return new Pairs(best.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList(), instance);
        }
    }
}
