using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;

namespace Hub.Matchmaking.Scoring;

/// <summary>
/// Turns a participant's free-text keywords (Chinese, English or both) into terms: Chinese runs are cut into words by
/// Lucene.Net SmartCn's HMM segmenter (<c>采购离心水泵和阀门</c> -> 采购 离心 水泵 和 阀门), Latin words are lower-cased and lose
/// a plural ending (<c>pumps</c> -> <c>pump</c>); stop words, punctuation, numbers and lone Latin letters are dropped.
/// Only the Chinese runs are given to the segmenter: it is the costly part, and a cold process runs it slowly until the JIT
/// has optimised it.
/// </summary>
/// <remarks>
/// Thread-safe: Lucene's analyzer keeps one tokenizer per thread (its reuse strategy is thread-local), so each thread reads
/// its own token stream. The segmenter is used without SmartChineseAnalyzer's Porter stemmer, which would turn
/// <c>machinery</c> into <c>machineri</c> and make the reasons unreadable.
/// </remarks>
internal static class KeywordTerms
{
    private static readonly Analyzer Segmenter =
        Analyzer.NewAnonymous((_, reader) => new TokenStreamComponents(new HMMChineseTokenizer(reader)));

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English function words and words every trade listing uses.
        "a", "an", "and", "or", "of", "for", "the", "to", "in", "on", "with", "by", "from", "at", "as", "is", "are", "be",
        "we", "our", "us", "you", "your", "it", "its", "all", "other", "etc", "such", "into", "per", "can", "also",
        "co", "ltd", "inc", "company", "supplier", "manufacturer", "buyer", "product", "looking", "seeking", "sourcing",
        // Chinese function words and the same generic trade words.
        "的", "和", "与", "及", "等", "或", "是", "在", "了", "为", "对", "各种", "我们", "公司", "有限公司", "产品", "系列",
        "采购", "寻找", "供应商", "制造商", "生产商", "厂家", "提供", "专业",
    };

    /// <summary>Adds the terms of <paramref name="text"/> to <paramref name="into"/>, in text order, repeats included.</summary>
    public static void Extract(string? text, List<string> into)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        // Only runs of Chinese characters go through the segmenter (its HMM is the costly part); Latin words are split here.
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (IsChinese(text[i]))
            {
                while (i < text.Length && IsChinese(text[i])) i++;
                Segment(text.Substring(start, i - start), into);
            }
            else if (char.IsLetterOrDigit(text[i]))
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i]) && !IsChinese(text[i])) i++;
                if (Normalise(text.AsSpan(start, i - start)) is { } word) into.Add(word);
            }
            else i++;
        }
    }

    private static bool IsChinese(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    private static void Segment(string run, List<string> into)
    {
        using var stream = Segmenter.GetTokenStream("keywords", run);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var normalised = Normalise(term.Buffer.AsSpan(0, term.Length));
            if (normalised is not null) into.Add(normalised);
        }
        stream.End();
    }

    private static string? Normalise(ReadOnlySpan<char> token)
    {
        var letters = 0;
        var latin = true;
        var chinese = false;
        foreach (var c in token)
        {
            if (char.IsLetter(c)) letters++;
            if (c > 0x24F) latin = false;
            if (IsChinese(c)) chinese = true;
        }
        if (letters == 0) return null; // punctuation, numbers
        if (chinese) return StopWords.Contains(token.ToString()) ? null : token.ToString();

        // Other scripts (Cyrillic, Arabic ...) are lower-cased too; only Latin words lose a plural ending.
        var word = token.ToString().ToLowerInvariant();
        if (word.Length == 1 || StopWords.Contains(word)) return null;
        if (latin) word = Singular(word);
        return StopWords.Contains(word) ? null : word;
    }

    /// <summary>Simple English plural stripping: batteries -> battery, boxes -> box, switches -> switch, pumps -> pump.</summary>
    internal static string Singular(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("zes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal)
            || word.EndsWith("shes", StringComparison.Ordinal))
            return word[..^2];
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            && !word.EndsWith("is", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }
}
