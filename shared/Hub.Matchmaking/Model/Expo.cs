using System.Text.Json.Serialization;

namespace Hub.Matchmaking.Model;

/// <summary>
/// An expo as its organiser declares it (<c>PUT /api/expos/{expoId}</c>): when it is open, how long a meeting lasts, how many
/// tables there are, and how pairs are scored. Stored in the read store, container <c>expos</c>, partition and id = the expo id.
/// </summary>
/// <param name="TimeZone">IANA time zone of the venue (<c>Asia/Shanghai</c>); every day, time and agenda is in it.</param>
/// <param name="Days">The days the expo is open, each with its opening hours, in date order, no date twice.</param>
/// <param name="SlotMinutes">The length of one meeting; a day holds the whole slots that fit between opening and closing.</param>
/// <param name="Tables">How many meetings can run at once (one table each).</param>
/// <param name="ExhibitorMaxMeetings">The most meetings of an exhibitor that does not state its own <c>maxMeetings</c>.</param>
/// <param name="BuyerMaxMeetings">The same for buyers.</param>
/// <param name="Weights">How the score's components weigh; <see cref="ScoreWeights.Default"/> when the organiser states none.</param>
/// <param name="PublishedRunId">The run whose meetings agendas show; set by publishing a run.</param>
public sealed record Expo(
    string ExpoId,
    string Name,
    string TimeZone,
    IReadOnlyList<ExpoDay> Days,
    int SlotMinutes,
    int Tables,
    int ExhibitorMaxMeetings = Expo.DefaultExhibitorMaxMeetings,
    int BuyerMaxMeetings = Expo.DefaultBuyerMaxMeetings,
    ScoreWeights? Weights = null,
    string? PublishedRunId = null)
{
    public const int DefaultExhibitorMaxMeetings = 12;
    public const int DefaultBuyerMaxMeetings = 8;

    // Derived, so never stored nor answered: the expo read back and sent again is what the organiser declared.
    [JsonIgnore] public ScoreWeights EffectiveWeights => Weights ?? ScoreWeights.Default;
}

/// <summary>One day of the expo and its opening hours (local time of the expo's time zone).</summary>
public sealed record ExpoDay(DateOnly Date, TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// The points each score component can give a pair at most (each component scales within its maximum, so the weights
/// also say how components rank against each other). Every component a pair earns is listed as a reason.
/// </summary>
/// <param name="HsChapter">Best HS-code overlap of a buyer's interest and an exhibitor's category at 2 digits (chapter).</param>
/// <param name="HsHeading">... at 4 digits (heading); replaces the chapter points.</param>
/// <param name="HsSubheading">... at 6 digits or more (subheading); replaces the heading points.</param>
/// <param name="Keywords">Keyword similarity (TF-IDF cosine over Chinese and English terms), times this weight.</param>
/// <param name="Market">The buyer's country is one of the exhibitor's target markets.</param>
/// <param name="Language">The two share a language.</param>
/// <param name="Certifications">Held share of the buyer's required certifications, times this weight.</param>
/// <param name="Request">The buyer requested the exhibitor: full points for its first request, fewer down its ranking.</param>
/// <param name="Mutual">Both requested each other (an exhibitor's own <c>requests</c> name buyers).</param>
public sealed record ScoreWeights(
    double HsChapter = 10,
    double HsHeading = 20,
    double HsSubheading = 30,
    double Keywords = 25,
    double Market = 10,
    double Language = 10,
    double Certifications = 10,
    double Request = 40,
    double Mutual = 20)
{
    public static ScoreWeights Default { get; } = new();
}
