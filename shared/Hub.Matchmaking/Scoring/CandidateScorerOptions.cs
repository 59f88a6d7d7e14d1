using System.ComponentModel.DataAnnotations;

namespace Hub.Matchmaking.Scoring;

/// <summary>Section <c>Hub:Matchmaking:Scoring</c>: how many candidates the scorer keeps and which keyword terms it ignores.</summary>
public sealed class CandidateScorerOptions
{
    public const string SectionName = "Hub:Matchmaking:Scoring";

    /// <summary>
    /// The most candidates kept per buyer (its best by score; requested pairs are kept on top). When null, the larger of
    /// <see cref="MinimumCandidatesPerBuyer"/> and <see cref="CandidatesPerBuyerMeeting"/> times the buyer's meeting limit:
    /// enough choice for the scheduler, while the selection's arc count stays proportional to the buyers.
    /// </summary>
    [Range(1, int.MaxValue)] public int? CandidatesPerBuyer { get; set; }

    /// <summary>The least candidates kept per buyer when <see cref="CandidatesPerBuyer"/> is not set.</summary>
    [Range(1, 100_000)] public int MinimumCandidatesPerBuyer { get; set; } = 40;

    /// <summary>Candidates kept per meeting a buyer may have, when <see cref="CandidatesPerBuyer"/> is not set.</summary>
    [Range(1, 1_000)] public int CandidatesPerBuyerMeeting { get; set; } = 4;

    /// <summary>
    /// A keyword term found in more than this share of the expo's participants (<c>supplier</c>, <c>products</c>) tells pairs
    /// apart no better than chance and would bring most pairs together: it is ignored, both for finding and for scoring.
    /// </summary>
    [Range(0.0, 1.0)] public double StopTermShare { get; set; } = 0.2;

    /// <summary>A term is never ignored for its frequency while it is found in at most this many participants (small expos).</summary>
    [Range(1, int.MaxValue)] public int StopTermMinimumParticipants { get; set; } = 20;

    /// <summary>Threads scoring buyers at once; 0 for one per processor.</summary>
    [Range(0, 256)] public int MaxDegreeOfParallelism { get; set; }

    internal void Validate()
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), errors, validateAllProperties: true))
            throw new ArgumentException($"{SectionName}: {string.Join("; ", errors.Select(e => e.ErrorMessage))}");
    }
}
