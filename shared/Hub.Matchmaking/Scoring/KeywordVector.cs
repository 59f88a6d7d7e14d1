using Hub.Matchmaking.Engine;

namespace Hub.Matchmaking.Scoring;

/// <summary>
/// A participant's keywords as an L2-normalised TF-IDF vector over the expo's significant terms: term ids ascending, one
/// weight each. Document frequency counts the expo's active participants, both kinds; a term found in too many of them
/// (<see cref="CandidateScorerOptions.StopTermShare"/>) is left out, so every term in a vector can make a pair plausible.
/// </summary>
internal sealed class KeywordVector(int[] terms, double[] weights)
{
    public static readonly KeywordVector Empty = new([], []);

    public int[] Terms { get; } = terms;

    public double[] Weights { get; } = weights;

    public static (KeywordVector[] Exhibitors, KeywordVector[] Buyers, string[] TermNames) Build(
        MatchmakingProblem problem, bool[] exhibitorActive, bool[] buyerActive, CandidateScorerOptions options)
    {
        var exhibitorCount = problem.Exhibitors.Count;
        var documents = new List<string>?[exhibitorCount + problem.Buyers.Count];
        Parallel.For(0, documents.Length, new ParallelOptions { MaxDegreeOfParallelism = CandidateScorer.Threads(options) }, d =>
        {
            var active = d < exhibitorCount ? exhibitorActive[d] : buyerActive[d - exhibitorCount];
            if (!active) return;
            var text = d < exhibitorCount ? problem.Exhibitors[d].Keywords : problem.Buyers[d - exhibitorCount].Keywords;
            var terms = new List<string>();
            KeywordTerms.Extract(text, terms);
            documents[d] = terms;
        });

        // Term ids by first appearance, then per document the distinct ids with their counts.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var counted = new (int[] Terms, int[] Counts)[documents.Length];
        var documentFrequency = new List<int>();
        var activeDocuments = 0;
        for (var d = 0; d < documents.Length; d++)
        {
            if (documents[d] is not { } terms) { counted[d] = ([], []); continue; }
            activeDocuments++;
            var termIds = new int[terms.Count];
            for (var i = 0; i < terms.Count; i++)
            {
                if (!ids.TryGetValue(terms[i], out var id))
                {
                    id = names.Count;
                    ids[terms[i]] = id;
                    names.Add(terms[i]);
                    documentFrequency.Add(0);
                }
                termIds[i] = id;
            }
            Array.Sort(termIds);
            var distinct = new List<int>();
            var counts = new List<int>();
            foreach (var id in termIds)
            {
                if (distinct.Count > 0 && distinct[^1] == id) { counts[^1]++; continue; }
                distinct.Add(id);
                counts.Add(1);
                documentFrequency[id]++;
            }
            counted[d] = ([.. distinct], [.. counts]);
        }

        // Significant terms get compact ids in their first-appearance order (which keeps every vector's ids ascending).
        var limit = Math.Max(options.StopTermMinimumParticipants, options.StopTermShare * activeDocuments);
        var compact = new int[names.Count];
        var significantNames = new List<string>();
        for (var t = 0; t < names.Count; t++)
            compact[t] = documentFrequency[t] <= limit ? AddName(significantNames, names[t]) : -1;

        var vectors = new KeywordVector[documents.Length];
        for (var d = 0; d < documents.Length; d++)
        {
            var (terms, counts) = counted[d];
            var kept = 0;
            foreach (var t in terms) if (compact[t] >= 0) kept++;
            if (kept == 0) { vectors[d] = Empty; continue; }
            var vectorTerms = new int[kept];
            var weights = new double[kept];
            var norm = 0.0;
            for (int i = 0, k = 0; i < terms.Length; i++)
            {
                if (compact[terms[i]] < 0) continue;
                vectorTerms[k] = compact[terms[i]];
                weights[k] = (1 + Math.Log(counts[i])) * Math.Log(1 + (double)activeDocuments / documentFrequency[terms[i]]);
                norm += weights[k] * weights[k];
                k++;
            }
            norm = Math.Sqrt(norm);
            for (var k = 0; k < kept; k++) weights[k] /= norm;
            vectors[d] = new KeywordVector(vectorTerms, weights);
        }

        return (vectors[..exhibitorCount], vectors[exhibitorCount..], [.. significantNames]);
    }

    /// <summary>The cosine of two normalised vectors: the sum of products over shared terms, in ascending term order.</summary>
    public static double Cosine(KeywordVector a, KeywordVector b)
    {
        var at = a.Terms;
        var bt = b.Terms;
        int i = 0, j = 0;
        var sum = 0.0;
        while (i < at.Length && j < bt.Length)
        {
            if (at[i] == bt[j]) { sum += a.Weights[i] * b.Weights[j]; i++; j++; }
            else if (at[i] < bt[j]) i++;
            else j++;
        }
        return Math.Min(1.0, sum);
    }

    public static bool SharesTerm(KeywordVector a, KeywordVector b)
    {
        int i = 0, j = 0;
        while (i < a.Terms.Length && j < b.Terms.Length)
        {
            if (a.Terms[i] == b.Terms[j]) return true;
            if (a.Terms[i] < b.Terms[j]) i++;
            else j++;
        }
        return false;
    }

    /// <summary>The shared terms that add most to the cosine, most first.</summary>
    public static IEnumerable<int> TopSharedTerms(KeywordVector a, KeywordVector b, int count)
    {
        var shared = new List<(int Term, double Product)>();
        int i = 0, j = 0;
        while (i < a.Terms.Length && j < b.Terms.Length)
        {
            if (a.Terms[i] == b.Terms[j]) { shared.Add((a.Terms[i], a.Weights[i] * b.Weights[j])); i++; j++; }
            else if (a.Terms[i] < b.Terms[j]) i++;
            else j++;
        }
        return shared.OrderByDescending(s => s.Product).ThenBy(s => s.Term).Take(count).Select(s => s.Term);
    }

    private static int AddName(List<string> names, string name)
    {
        names.Add(name);
        return names.Count - 1;
    }
}
