using Google.OrTools.Sat;

namespace Hub.Matchmaking.Scheduling;

/// <summary>
/// Small problems solved exactly: one CP-SAT model choosing (pair, slot) for every candidate at once, with the same
/// objective the heuristic selects by (fairness bonuses, then profit). One worker and a deterministic time limit, so the
/// same input gives the same answer; a model not proven optimal in time gives null and the heuristic runs instead.
/// </summary>
internal static class ExactPlacement
{
    /// <returns>(pair index, slot) for every meeting to place, or null when optimality was not proven.</returns>
    public static List<(int Pair, int Slot)>? Solve(
        Board board, IReadOnlyList<int> pairs, int[] pairE, int[] pairB, long[] profit, FairnessBonus? fairness, double deterministicTime)
    {
        var instance = board.Instance;
        var model = new CpModel();
        var choices = new List<(int Pair, int Slot, BoolVar X)>();
        var byPair = new Dictionary<int, List<BoolVar>>();
        var byExhibitorSlot = new Dictionary<(int, int), List<BoolVar>>();
        var byBuyerSlot = new Dictionary<(int, int), List<BoolVar>>();
        var bySlot = new Dictionary<int, List<BoolVar>>();
        var byExhibitor = new Dictionary<int, List<BoolVar>>();
        var byBuyer = new Dictionary<int, List<BoolVar>>();
        foreach (var p in pairs)
        {
            var (e, b) = (pairE[p], pairB[p]);
            for (var w = 0; w < instance.W; w++)
            {
                var word = board.FreeCommon(e, b, w);
                while (word != 0)
                {
                    var s = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    var x = model.NewBoolVar($"x{p}_{s}");
                    choices.Add((p, s, x));
                    Add(byPair, p, x);
                    Add(byExhibitorSlot, (e, s), x);
                    Add(byBuyerSlot, (b, s), x);
                    Add(bySlot, s, x);
                    Add(byExhibitor, e, x);
                    Add(byBuyer, b, x);
                }
            }
        }

        if (choices.Count == 0) return [];
        foreach (var xs in byPair.Values) model.AddAtMostOne(xs);
        foreach (var xs in byExhibitorSlot.Values) model.AddAtMostOne(xs);
        foreach (var xs in byBuyerSlot.Values) model.AddAtMostOne(xs);
        foreach (var (s, xs) in bySlot) model.Add(LinearExpr.Sum(xs) <= instance.Tables - board.Load[s]);
        foreach (var (e, xs) in byExhibitor) model.Add(LinearExpr.Sum(xs) <= instance.LimitE[e] - board.CountE[e]);
        foreach (var (b, xs) in byBuyer) model.Add(LinearExpr.Sum(xs) <= instance.LimitB[b] - board.CountB[b]);

        var terms = new List<LinearExpr>();
        var coefficients = new List<long>();
        foreach (var (p, _, x) in choices)
        {
            terms.Add(x);
            coefficients.Add(profit[p]);
        }

        if (fairness is not null)
        {
            foreach (var (b, xs) in byBuyer)
            {
                // had + sum(x) meetings; first counts when had = 0, second and third up to 3 - max(had, 1) more.
                var had = fairness.Existing[b];
                var count = LinearExpr.Sum(xs);
                if (had < 1)
                {
                    var first = model.NewBoolVar($"first{b}");
                    model.Add(first <= count);
                    var more = model.NewIntVar(0, 2, $"more{b}");
                    model.Add(first + more <= count);
                    terms.Add(first);
                    coefficients.Add(fairness.First);
                    terms.Add(more);
                    coefficients.Add(fairness.SecondAndThird);
                }
                else if (had < 3)
                {
                    var more = model.NewIntVar(0, 3 - had, $"more{b}");
                    model.Add(more <= count);
                    terms.Add(more);
                    coefficients.Add(fairness.SecondAndThird);
                }
            }
        }

        model.Maximize(LinearExpr.WeightedSum(terms, coefficients));
        var solver = new CpSolver
        {
            StringParameters = $"num_workers:1,random_seed:1,max_deterministic_time:{deterministicTime.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        };
        var status = solver.Solve(model);
        if (status != CpSolverStatus.Optimal) return null;
        return choices.Where(c => solver.BooleanValue(c.X)).Select(c => (c.Pair, c.Slot)).ToList();
    }

    private static void Add<TKey>(Dictionary<TKey, List<BoolVar>> map, TKey key, BoolVar x) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(x);
    }
}
