using System.Runtime.CompilerServices;
using Hub.Matchmaking.Engine;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Scoring;

/// <summary>
/// Finds the plausible pairs of an expo through inverted indexes instead of scoring every exhibitor against every buyer,
/// scores them by named components, and keeps each buyer's best.
/// </summary>
/// <remarks>
/// <para>
/// Plausible: an HS chapter in common (a buyer's interests and own categories against an exhibitor's categories), a
/// significant keyword term in common, or a request by either side; never a cancelled participant or a pair either side
/// blocked. Market and language only add points. Per buyer, the exhibitors are gathered from the chapter index, the term
/// index and the requests, so the work grows with the plausible pairs, not with exhibitors x buyers.
/// </para>
/// <para>
/// Components (<see cref="Model.ScoreWeights"/>): <c>hs</c> by the deepest common prefix of a code pair (2, 4, 6 digits),
/// <c>keywords</c> by TF-IDF cosine, <c>market</c>, <c>language</c>, <c>certifications</c> by the held share of the
/// buyer's required ones, <c>request</c> by the buyer's rank (weight x (n - r + 1) / n; an exhibitor's request that the
/// buyer did not make earns half that by the exhibitor's rank), <c>mutual</c> when both requested. Each is rounded to
/// 2 decimals and the score is their sum; <see cref="Explain"/> lists the same points through the same code.
/// </para>
/// <para>
/// Each buyer keeps its best <see cref="CandidateScorerOptions.CandidatesPerBuyer"/> pairs (ties by gathering order) and
/// every pair either side requested. Thread-safe: the per-problem model is immutable and cached per problem instance.
/// </para>
/// </remarks>
public sealed class CandidateScorer : ICandidateScorer
{
    private readonly CandidateScorerOptions _options;
    private readonly ConditionalWeakTable<MatchmakingProblem, ScoringModel> _models = [];

    /// <summary>A scorer with the default options.</summary>
    public CandidateScorer() : this(Options.Create(new CandidateScorerOptions()))
    {
    }

    /// <summary>A scorer with <paramref name="options"/> (bound from <see cref="CandidateScorerOptions.SectionName"/>); invalid options throw.</summary>
    public CandidateScorer(IOptions<CandidateScorerOptions> options)
    {
        options.Value.Validate();
        _options = options.Value;
    }

    public CandidateSet Score(MatchmakingProblem problem, CancellationToken cancellationToken)
    {
        var model = ModelOf(problem);
        var buyerCount = problem.Buyers.Count;
        var exhibitorCount = problem.Exhibitors.Count;
        var kept = new CandidatePair[buyerCount][];
        long considered = 0;
        Parallel.For(0, buyerCount,
            new ParallelOptions { MaxDegreeOfParallelism = Threads(_options), CancellationToken = cancellationToken },
            () => new BuyerWork(exhibitorCount),
            (b, _, work) =>
            {
                kept[b] = work.Candidates(model, b, CandidatesPerBuyer(model, b));
                return work;
            },
            work => Interlocked.Add(ref considered, work.Considered));

        var total = 0;
        foreach (var pairs in kept) total += pairs.Length;
        var all = new CandidatePair[total];
        var at = 0;
        foreach (var pairs in kept)
        {
            pairs.CopyTo(all, at);
            at += pairs.Length;
        }
        return new CandidateSet(all, considered);
    }

    public IReadOnlyList<ScoreReason> Explain(MatchmakingProblem problem, int exhibitor, int buyer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exhibitor);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(exhibitor, problem.Exhibitors.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(buyer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(buyer, problem.Buyers.Count);
        var reasons = new List<ScoreReason>(7);
        ModelOf(problem).Evaluate(exhibitor, buyer, reasons, out _, out _);
        return reasons;
    }

    /// <summary>
    /// Whether a pair is plausible judged on the pair alone (both active, not blocked, an HS chapter or significant keyword
    /// term in common, or a request): what the indexes of <see cref="Score"/> must find, checked pair by pair.
    /// </summary>
    public bool IsPlausible(MatchmakingProblem problem, int exhibitor, int buyer) => ModelOf(problem).IsPlausible(exhibitor, buyer);

    /// <summary>How many candidates buyer <paramref name="buyer"/> keeps at most, besides its requested pairs.</summary>
    public int CandidatesPerBuyer(MatchmakingProblem problem, int buyer) => CandidatesPerBuyer(ModelOf(problem), buyer);

    internal static int Threads(CandidateScorerOptions options) =>
        options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;

    private int CandidatesPerBuyer(ScoringModel model, int buyer) =>
        _options.CandidatesPerBuyer ?? Math.Max(_options.MinimumCandidatesPerBuyer,
            (int)Math.Min(int.MaxValue, (long)_options.CandidatesPerBuyerMeeting * model.MeetingLimit(buyer)));

    private ScoringModel ModelOf(MatchmakingProblem problem) => _models.GetValue(problem, p => new ScoringModel(p, _options));

    /// <summary>One thread's scratch space: stamps instead of clearing sets, arrays instead of collections per buyer.</summary>
    private sealed class BuyerWork(int exhibitorCount)
    {
        private readonly int[] _seen = new int[exhibitorCount];     // buyer + 1 when gathered for that buyer
        private readonly int[] _blocked = new int[exhibitorCount];  // buyer + 1 when blocked for that buyer
        private readonly int[] _gathered = new int[exhibitorCount];
        private readonly double[] _scores = new double[exhibitorCount];
        private readonly int[] _ranks = new int[exhibitorCount];
        private readonly bool[] _mutual = new bool[exhibitorCount];
        private readonly bool[] _requested = new bool[exhibitorCount];
        private long[] _order = new long[64];
        private int _count;

        public long Considered { get; private set; }

        public CandidatePair[] Candidates(ScoringModel model, int b, int limit)
        {
            if (!model.BuyerActive[b]) return [];
            var stamp = b + 1;
            foreach (var e in model.BlockedOfBuyer[b]) _blocked[e] = stamp;
            _count = 0;

            foreach (var chapter in model.BuyerChapters[b]) Gather(model.ExhibitorsByChapter[chapter], stamp);
            foreach (var term in model.BuyerTerms(b)) Gather(model.ExhibitorsByTerm[term], stamp);
            foreach (var e in model.BuyerRequests(b))
                if (e >= 0 && model.ExhibitorActive[e]) Gather(e, stamp);
            Gather(model.ExhibitorsRequestingBuyer[b], stamp);
            Considered += _count;

            var requested = 0;
            for (var i = 0; i < _count; i++)
            {
                _scores[i] = model.Evaluate(_gathered[i], b, null, out var buyerRank, out var exhibitorRank);
                _ranks[i] = buyerRank;
                _mutual[i] = buyerRank > 0 && exhibitorRank > 0;
                _requested[i] = buyerRank > 0 || exhibitorRank > 0;
                if (_requested[i]) requested++;
            }

            if (_count <= limit)
            {
                var all = new CandidatePair[_count];
                for (var i = 0; i < _count; i++) all[i] = Pair(i, b);
                return all;
            }

            // The best `limit` by whole cents (scores are sums of cents), ties by gathering order: a selection, not a sort,
            // so a buyer's cost stays linear in its gathered pairs. Requested pairs beyond them are kept as well.
            if (_order.Length < _count) _order = new long[Math.Max(_count, _order.Length * 2)];
            for (var i = 0; i < _count; i++)
                _order[i] = ((long)(int.MaxValue - (long)Math.Round(_scores[i] * 100)) << 24) | (uint)i;
            SelectSmallest(_order, _count, limit);
            var kept = new List<CandidatePair>(limit + requested);
            for (var k = 0; k < _count; k++)
            {
                var i = (int)(_order[k] & 0xFFFFFF);
                if (k < limit || _requested[i]) kept.Add(Pair(i, b));
            }
            return [.. kept];
        }

        private CandidatePair Pair(int i, int b) => new(_gathered[i], b, _scores[i], _ranks[i], _mutual[i]);

        private void Gather(int[] exhibitors, int stamp)
        {
            foreach (var e in exhibitors) Gather(e, stamp);
        }

        private void Gather(int e, int stamp)
        {
            if (_seen[e] == stamp || _blocked[e] == stamp) return;
            _seen[e] = stamp;
            _gathered[_count++] = e;
        }

        /// <summary>Rearranges <paramref name="keys"/>[0..count) so that its <paramref name="k"/> smallest (distinct) keys come first.</summary>
        internal static void SelectSmallest(long[] keys, int count, int k)
        {
            int left = 0, right = count - 1;
            while (left < right)
            {
                var middle = left + (right - left) / 2;
                // Median of three as the pivot, so sorted or reversed input is not the quadratic case.
                if (keys[middle] < keys[left]) (keys[middle], keys[left]) = (keys[left], keys[middle]);
                if (keys[right] < keys[left]) (keys[right], keys[left]) = (keys[left], keys[right]);
                if (keys[right] < keys[middle]) (keys[right], keys[middle]) = (keys[middle], keys[right]);
                var pivot = keys[middle];
                int i = left, j = right;
                while (i <= j)
                {
                    while (keys[i] < pivot) i++;
                    while (keys[j] > pivot) j--;
                    if (i <= j)
                    {
                        (keys[i], keys[j]) = (keys[j], keys[i]);
                        i++;
                        j--;
                    }
                }
                if (k - 1 <= j) right = j;
                else if (k - 1 >= i) left = i;
                else return;
            }
        }
    }
}
