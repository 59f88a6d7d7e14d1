using Google.OrTools.Graph;

namespace Hub.Matchmaking.Scheduling;

/// <summary>Per-buyer bonuses of the selection: the first meeting earns <see cref="First"/>, the second and third <see cref="SecondAndThird"/>.</summary>
/// <param name="Existing">Meetings each buyer already has (kept or placed in an earlier round): bonuses continue from there.</param>
internal sealed record FairnessBonus(long First, long SecondAndThird, int[] Existing);

/// <summary>
/// Selection as a min-cost flow (OR-Tools): source -> buyer -> exhibitor -> sink -> super-sink, one unit per meeting.
/// Buyer and exhibitor arcs carry their remaining capacity, pair arcs one unit at minus the pair's profit, the sink's arc
/// the free tables of all slots; a zero-cost bypass from source to super-sink lets the flow stop when more meetings do not
/// pay. Fairness bonuses sit on parallel source -> buyer arcs (first unit, then two units, then the rest at no bonus):
/// the costs are convex, so the flow takes a buyer's first meeting before its second.
/// </summary>
internal static class SelectionFlow
{
    public sealed record Result(List<int> Selected, long Profit);

    /// <param name="pairs">Indexes into <paramref name="pairE"/>, <paramref name="pairB"/>, <paramref name="profit"/> of the pairs that may be selected.</param>
    public static Result Select(
        int exhibitors, int buyers, int[] capE, int[] capB, long totalCap,
        IReadOnlyList<int> pairs, int[] pairE, int[] pairB, long[] profit, FairnessBonus? fairness)
    {
        var supply = Math.Min(totalCap, capB.Sum(c => (long)Math.Max(0, c)));
        supply = Math.Min(supply, capE.Sum(c => (long)Math.Max(0, c)));
        if (supply <= 0 || pairs.Count == 0) return new Result([], 0);

        const int source = 0;
        var sink = 1 + buyers + exhibitors;
        var superSink = sink + 1;
        using var flow = new MinCostFlow(superSink + 1, pairs.Count + 3 * buyers + exhibitors + 2);

        var usedBuyer = new bool[buyers];
        var usedExhibitor = new bool[exhibitors];
        foreach (var p in pairs)
        {
            usedBuyer[pairB[p]] = true;
            usedExhibitor[pairE[p]] = true;
        }

        for (var b = 0; b < buyers; b++)
        {
            if (!usedBuyer[b] || capB[b] <= 0) continue;
            var node = 1 + b;
            if (fairness is null)
            {
                flow.AddArcWithCapacityAndUnitCost(source, node, capB[b], 0);
                continue;
            }

            // Unit k (1-based, counting meetings the buyer already has) earns First for k = 1, SecondAndThird for k = 2, 3.
            var had = fairness.Existing[b];
            var first = had < 1 ? Math.Min(1, capB[b]) : 0;
            var secondAndThird = Math.Min(Math.Max(0, 3 - Math.Max(had, 1)), capB[b] - first);
            var rest = capB[b] - first - secondAndThird;
            if (first > 0) flow.AddArcWithCapacityAndUnitCost(source, node, first, -fairness.First);
            if (secondAndThird > 0) flow.AddArcWithCapacityAndUnitCost(source, node, secondAndThird, -fairness.SecondAndThird);
            if (rest > 0) flow.AddArcWithCapacityAndUnitCost(source, node, rest, 0);
        }

        var firstPairArc = -1;
        for (var k = 0; k < pairs.Count; k++)
        {
            var p = pairs[k];
            var arc = flow.AddArcWithCapacityAndUnitCost(1 + pairB[p], 1 + buyers + pairE[p], 1, -profit[p]);
            if (k == 0) firstPairArc = arc;
        }

        for (var e = 0; e < exhibitors; e++)
            if (usedExhibitor[e] && capE[e] > 0)
                flow.AddArcWithCapacityAndUnitCost(1 + buyers + e, sink, capE[e], 0);

        flow.AddArcWithCapacityAndUnitCost(sink, superSink, totalCap, 0);
        flow.AddArcWithCapacityAndUnitCost(source, superSink, supply, 0);
        flow.SetNodeSupply(source, supply);
        flow.SetNodeSupply(superSink, -supply);

        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
            throw new InvalidOperationException($"The selection flow ended {status} ({pairs.Count} pairs, supply {supply}).");

        var selected = new List<int>();
        long total = 0;
        for (var k = 0; k < pairs.Count; k++)
        {
            if (flow.Flow(firstPairArc + k) <= 0) continue;
            selected.Add(pairs[k]);
            total += profit[pairs[k]];
        }

        return new Result(selected, total);
    }
}
