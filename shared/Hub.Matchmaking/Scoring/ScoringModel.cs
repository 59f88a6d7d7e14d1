using System.Globalization;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Scoring;

/// <summary>
/// One problem made ready for scoring: every participant's HS codes, keyword vector, languages, markets, certifications and
/// requests as small sorted integer arrays, and the inverted indexes that bring plausible pairs together. Built once per
/// problem and shared by <see cref="CandidateScorer.Score"/> and <see cref="CandidateScorer.Explain"/>, which both score a
/// pair through <see cref="Evaluate"/>. Immutable once built, so any number of threads may read it.
/// </summary>
internal sealed class ScoringModel
{
    /// <summary>An exhibitor's request is worth this share of the points the same rank of a buyer's request is worth.</summary>
    internal const double ExhibitorRequestShare = 0.5;

    private readonly MatchmakingProblem _problem;
    private readonly double _hsChapter, _hsHeading, _hsSubheading, _keywords, _market, _language, _certifications, _request, _mutual;

    private readonly HsCode[][] _exhibitorCodes, _buyerCodes;
    private readonly KeywordVector[] _exhibitorTerms, _buyerTerms;
    private readonly string[] _termNames;
    private readonly int[] _buyerCountry;
    private readonly int[][] _exhibitorMarkets;
    private readonly int[][] _exhibitorLanguages, _buyerLanguages;
    private readonly int[][] _exhibitorCertifications, _buyerRequiredCertifications;
    private readonly string[] _names; // languages, countries and certifications share one table of display names
    private readonly int[][] _buyerRequests, _exhibitorRequests; // by rank position; -1 for an id that names nobody of that kind

    public ScoringModel(MatchmakingProblem problem, CandidateScorerOptions options)
    {
        _problem = problem;
        var weights = problem.Expo.EffectiveWeights;
        // A negative weight would take points away without being listed as a reason; it counts as nothing instead.
        _hsChapter = Math.Max(0, weights.HsChapter);
        _hsHeading = Math.Max(0, weights.HsHeading);
        _hsSubheading = Math.Max(0, weights.HsSubheading);
        _keywords = Math.Max(0, weights.Keywords);
        _market = Math.Max(0, weights.Market);
        _language = Math.Max(0, weights.Language);
        _certifications = Math.Max(0, weights.Certifications);
        _request = Math.Max(0, weights.Request);
        _mutual = Math.Max(0, weights.Mutual);

        var exhibitors = problem.Exhibitors;
        var buyers = problem.Buyers;
        ExhibitorActive = exhibitors.Select(e => !e.Cancelled).ToArray();
        BuyerActive = buyers.Select(b => !b.Cancelled).ToArray();

        _exhibitorCodes = exhibitors.Select(e => HsCode.ParseAll(e.Categories, [])).ToArray();
        _buyerCodes = buyers.Select(b => HsCode.ParseAll(b.InterestsOrEmpty, b.Categories)).ToArray();

        var names = new NameTable();
        _buyerCountry = buyers.Select(b => names.Country(b.Country)).ToArray();
        _exhibitorMarkets = exhibitors.Select(e => names.SortedIds(e.TargetMarkets, 'c')).ToArray();
        _exhibitorLanguages = exhibitors.Select(e => names.SortedIds(e.Languages, 'l')).ToArray();
        _buyerLanguages = buyers.Select(b => names.SortedIds(b.Languages, 'l')).ToArray();
        _exhibitorCertifications = exhibitors.Select(e => names.SortedIds(e.Certifications, 'x')).ToArray();
        _buyerRequiredCertifications = buyers.Select(b => names.DistinctIdsInOrder(b.RequiredCertificationsOrEmpty, 'x')).ToArray();
        _names = names.ToArray();

        var exhibitorIndex = IndexById(exhibitors);
        var buyerIndex = IndexById(buyers);
        _buyerRequests = buyers.Select(b => b.RequestsOrEmpty.Select(id => exhibitorIndex.GetValueOrDefault(id, -1)).ToArray()).ToArray();
        _exhibitorRequests = exhibitors.Select(e => e.RequestsOrEmpty.Select(id => buyerIndex.GetValueOrDefault(id, -1)).ToArray()).ToArray();
        BlockedOfBuyer = BlockedExhibitorsOfBuyers(exhibitors, buyers, exhibitorIndex, buyerIndex);

        (_exhibitorTerms, _buyerTerms, _termNames) = KeywordVector.Build(problem, ExhibitorActive, BuyerActive, options);

        // Inverted indexes over active exhibitors. Every HS match of any depth is also a match of the 2-digit chapter, so the
        // chapter index alone finds every pair with an HS overlap; the depth (chapter, heading, subheading) is the pair's score.
        ExhibitorsByChapter = new int[100][];
        var byChapter = new List<int>[100];
        var byTerm = new List<int>[_termNames.Length];
        for (var e = 0; e < exhibitors.Count; e++)
        {
            if (!ExhibitorActive[e]) continue;
            foreach (var chapter in DistinctChapters(_exhibitorCodes[e])) (byChapter[chapter] ??= []).Add(e);
            foreach (var term in _exhibitorTerms[e].Terms) (byTerm[term] ??= []).Add(e);
        }
        for (var c = 0; c < 100; c++) ExhibitorsByChapter[c] = byChapter[c]?.ToArray() ?? [];
        ExhibitorsByTerm = byTerm.Select(l => l?.ToArray() ?? []).ToArray();
        BuyerChapters = _buyerCodes.Select(DistinctChapters).ToArray();

        var requesters = new List<int>?[buyers.Count];
        for (var e = 0; e < exhibitors.Count; e++)
        {
            if (!ExhibitorActive[e]) continue;
            foreach (var b in _exhibitorRequests[e])
                if (b >= 0) (requesters[b] ??= []).Add(e);
        }
        ExhibitorsRequestingBuyer = requesters.Select(l => l?.Distinct().ToArray() ?? []).ToArray();
    }

    public bool[] ExhibitorActive { get; }
    public bool[] BuyerActive { get; }

    /// <summary>Per buyer: the exhibitors it may never meet (it blocked them, or they blocked it).</summary>
    public int[][] BlockedOfBuyer { get; }

    /// <summary>Active exhibitors by the 2-digit chapters of their categories (index 0..99).</summary>
    public int[][] ExhibitorsByChapter { get; }

    /// <summary>Active exhibitors by significant keyword term id.</summary>
    public int[][] ExhibitorsByTerm { get; }

    /// <summary>Per buyer: the distinct chapters of its interests and categories.</summary>
    public int[][] BuyerChapters { get; }

    /// <summary>Per buyer: active exhibitors whose own requests name it.</summary>
    public int[][] ExhibitorsRequestingBuyer { get; }

    public int[] BuyerTerms(int buyer) => _buyerTerms[buyer].Terms;

    /// <summary>Per buyer: the exhibitors its requests name, by rank position (-1 where the id names no exhibitor).</summary>
    public int[] BuyerRequests(int buyer) => _buyerRequests[buyer];

    public int MeetingLimit(int buyer) => _problem.Buyers[buyer].MeetingLimit(_problem.Expo);

    /// <summary>
    /// Whether a pair is plausible, judged on the pair alone without any index: both active, not blocked by either side, and
    /// an HS chapter in common, a significant keyword term in common, or a request by either side.
    /// </summary>
    public bool IsPlausible(int e, int b)
    {
        if (!ExhibitorActive[e] || !BuyerActive[b]) return false;
        if (_problem.Buyers[b].BlockedOrEmpty.Contains(_problem.Exhibitors[e].Id)
            || _problem.Exhibitors[e].BlockedOrEmpty.Contains(_problem.Buyers[b].Id)) return false;
        if (BestHs(e, b).Depth > 0) return true;
        if (KeywordVector.SharesTerm(_exhibitorTerms[e], _buyerTerms[b])) return true;
        return Array.IndexOf(_buyerRequests[b], e) >= 0 || Array.IndexOf(_exhibitorRequests[e], b) >= 0;
    }

    /// <summary>
    /// The one place a pair is scored: each component's points rounded to whole cents (2 decimals), the score the sum of
    /// those cents. With <paramref name="reasons"/> it also says why, listing each component that earned points, so that the
    /// listed points add up to the score exactly (as decimals; the score is the double nearest to that 2-decimal sum, never
    /// a sum's floating-point residue such as 59.629999999999995).
    /// </summary>
    public double Evaluate(int e, int b, List<ScoreReason>? reasons, out int buyerRank, out int exhibitorRank)
    {
        long score = 0;

        var hs = BestHs(e, b);
        var points = Cents(hs.Depth switch { 3 => _hsSubheading, 2 => _hsHeading, 1 => _hsChapter, _ => 0 });
        score += points;
        if (reasons is not null && points > 0)
            reasons.Add(new ScoreReason("hs", $"HS {_buyerCodes[b][hs.BuyerCode].Prefix(hs.Depth)} match", points / 100.0));

        var cosine = KeywordVector.Cosine(_exhibitorTerms[e], _buyerTerms[b]);
        points = Cents(cosine * _keywords);
        score += points;
        if (reasons is not null && points > 0)
            reasons.Add(new ScoreReason("keywords", "keywords " + string.Join(", ", KeywordVector.TopSharedTerms(_exhibitorTerms[e], _buyerTerms[b], 3).Select(t => _termNames[t])), points / 100.0));

        var sellsThere = Array.BinarySearch(_exhibitorMarkets[e], _buyerCountry[b]) >= 0;
        points = sellsThere ? Cents(_market) : 0;
        score += points;
        if (reasons is not null && points > 0) reasons.Add(new ScoreReason("market", $"sells to {_names[_buyerCountry[b]]}", points / 100.0));

        var sharedLanguages = CountCommon(_exhibitorLanguages[e], _buyerLanguages[b]);
        points = sharedLanguages > 0 ? Cents(_language) : 0;
        score += points;
        if (reasons is not null && points > 0)
            reasons.Add(new ScoreReason("language", "both speak " + string.Join(", ", Common(_buyerLanguages[b], _exhibitorLanguages[e]).Select(n => _names[n])), points / 100.0));

        var required = _buyerRequiredCertifications[b];
        var held = 0;
        foreach (var certification in required)
            if (Array.BinarySearch(_exhibitorCertifications[e], certification) >= 0) held++;
        points = required.Length == 0 ? 0 : Cents(_certifications * held / required.Length);
        score += points;
        if (reasons is not null && points > 0) reasons.Add(new ScoreReason("certifications", CertificationText(e, b), points / 100.0));

        var buyerRequests = _buyerRequests[b];
        buyerRank = Array.IndexOf(buyerRequests, e) + 1;
        var exhibitorRequests = _exhibitorRequests[e];
        exhibitorRank = Array.IndexOf(exhibitorRequests, b) + 1;
        points = buyerRank > 0
            ? Cents(_request * (buyerRequests.Length - buyerRank + 1) / buyerRequests.Length)
            : exhibitorRank > 0 ? Cents(_request * ExhibitorRequestShare * (exhibitorRequests.Length - exhibitorRank + 1) / exhibitorRequests.Length) : 0;
        score += points;
        if (reasons is not null && points > 0)
            reasons.Add(new ScoreReason("request", buyerRank > 0 ? $"requested by buyer #{buyerRank}" : $"requested by exhibitor #{exhibitorRank}", points / 100.0));

        var mutual = buyerRank > 0 && exhibitorRank > 0;
        points = mutual ? Cents(_mutual) : 0;
        score += points;
        if (reasons is not null && points > 0) reasons.Add(new ScoreReason("mutual", "requested by both", points / 100.0));

        return score / 100.0;
    }

    private static long Cents(double points) => (long)Math.Round(points * 100, MidpointRounding.AwayFromZero);

    private (int Depth, int BuyerCode) BestHs(int e, int b)
    {
        var best = 0;
        var bestCode = -1;
        var buyerCodes = _buyerCodes[b];
        var exhibitorCodes = _exhibitorCodes[e];
        for (var i = 0; i < buyerCodes.Length; i++)
        {
            for (var j = 0; j < exhibitorCodes.Length; j++)
            {
                var depth = HsCode.Depth(buyerCodes[i], exhibitorCodes[j]);
                if (depth <= best) continue;
                best = depth;
                bestCode = i;
                if (best == 3) return (best, bestCode);
            }
        }
        return (best, bestCode);
    }

    private string CertificationText(int e, int b)
    {
        var holds = new List<string>();
        var lacks = new List<string>();
        foreach (var certification in _buyerRequiredCertifications[b])
            (Array.BinarySearch(_exhibitorCertifications[e], certification) >= 0 ? holds : lacks).Add(_names[certification]);
        return lacks.Count == 0 ? "holds " + string.Join(", ", holds) : $"holds {string.Join(", ", holds)}; lacks {string.Join(", ", lacks)}";
    }

    private static int CountCommon(int[] sortedA, int[] sortedB)
    {
        int i = 0, j = 0, count = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            if (sortedA[i] == sortedB[j]) { count++; i++; j++; }
            else if (sortedA[i] < sortedB[j]) i++;
            else j++;
        }
        return count;
    }

    private static IEnumerable<int> Common(int[] sortedA, int[] sortedB) => sortedA.Where(a => Array.BinarySearch(sortedB, a) >= 0);

    private static int[] DistinctChapters(HsCode[] codes)
    {
        var chapters = new int[codes.Length];
        for (var i = 0; i < codes.Length; i++) chapters[i] = codes[i].Chapter;
        return chapters.Distinct().ToArray();
    }

    private static Dictionary<string, int> IndexById(IReadOnlyList<Participant> participants)
    {
        var index = new Dictionary<string, int>(participants.Count, StringComparer.Ordinal);
        for (var i = 0; i < participants.Count; i++) index.TryAdd(participants[i].Id, i);
        return index;
    }

    private static int[][] BlockedExhibitorsOfBuyers(IReadOnlyList<Participant> exhibitors, IReadOnlyList<Participant> buyers,
        Dictionary<string, int> exhibitorIndex, Dictionary<string, int> buyerIndex)
    {
        var blocked = new List<int>?[buyers.Count];
        for (var b = 0; b < buyers.Count; b++)
            foreach (var id in buyers[b].BlockedOrEmpty)
                if (exhibitorIndex.TryGetValue(id, out var e)) (blocked[b] ??= []).Add(e);
        for (var e = 0; e < exhibitors.Count; e++)
            foreach (var id in exhibitors[e].BlockedOrEmpty)
                if (buyerIndex.TryGetValue(id, out var b)) (blocked[b] ??= []).Add(e);
        return blocked.Select(l => l?.ToArray() ?? []).ToArray();
    }

    /// <summary>Display names interned to small ids, so that languages, markets and certifications compare as integers.</summary>
    private sealed class NameTable
    {
        private readonly Dictionary<(char Kind, string Name), int> _ids = [];
        private readonly List<string> _names = [];

        public int Country(string value) => Id('c', value.Trim().ToUpperInvariant());

        public int[] SortedIds(IReadOnlyList<string> values, char kind) => values.Select(v => Id(kind, Normalise(kind, v))).Distinct().Order().ToArray();

        public int[] DistinctIdsInOrder(IReadOnlyList<string> values, char kind) => values.Select(v => Id(kind, Normalise(kind, v))).Distinct().ToArray();

        public string[] ToArray() => [.. _names];

        /// <summary>Countries upper case (<c>MY</c>), languages lower case (<c>en</c>), certifications upper case with single spaces (<c>ISO 9001</c>).</summary>
        private static string Normalise(char kind, string value) => kind switch
        {
            'c' => value.Trim().ToUpperInvariant(),
            'l' => value.Trim().ToLowerInvariant(),
            _ => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant(),
        };

        // Kinds are kept apart: a country "ID" and a certification "ID" are not one name.
        private int Id(char kind, string name)
        {
            if (_ids.TryGetValue((kind, name), out var id)) return id;
            _ids[(kind, name)] = _names.Count;
            _names.Add(name);
            return _names.Count - 1;
        }
    }
}

/// <summary>An HS code with its 2-, 4- and 6-digit prefixes as numbers (-1 when the code is shorter), compared by depth.</summary>
internal readonly record struct HsCode(string Digits, int Chapter, int Heading, int Subheading)
{
    public static HsCode[] ParseAll(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var codes = new List<HsCode>(first.Count + second.Count);
        foreach (var list in new[] { first, second })
            foreach (var raw in list)
                if (Parse(raw) is { } code && !codes.Contains(code)) codes.Add(code);
        return [.. codes];
    }

    /// <summary>The leading digits of <paramref name="raw"/> (registration refuses anything but 2 to 10 digits; dots are tolerated).</summary>
    public static HsCode? Parse(string raw)
    {
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 2) return null;
        return new HsCode(digits, Number(digits, 2), digits.Length >= 4 ? Number(digits, 4) : -1, digits.Length >= 6 ? Number(digits, 6) : -1);
    }

    /// <summary>3 when both codes share 6 digits (subheading), 2 when 4 (heading), 1 when 2 (chapter), else 0.</summary>
    public static int Depth(HsCode a, HsCode b) =>
        a.Subheading >= 0 && a.Subheading == b.Subheading ? 3
        : a.Heading >= 0 && a.Heading == b.Heading ? 2
        : a.Chapter == b.Chapter ? 1
        : 0;

    public string Prefix(int depth) => Digits[..(depth * 2)];

    private static int Number(string digits, int length) => int.Parse(digits.AsSpan(0, length), NumberStyles.None, CultureInfo.InvariantCulture);
}
