namespace Hub.Matchmaking.Scheduling;

/// <summary>How <see cref="MeetingScheduler"/> trades fairness against score and how hard it searches.</summary>
/// <param name="Fairness">
/// Select for fairness first: the number of buyers with at least one meeting is maximised before anything else, and a
/// buyer's second and third meetings earn <paramref name="SecondAndThirdMeetingBonus"/>. Off, the selection maximises the
/// sum of scores alone (what the exact-optimum tests compare against, and what <see cref="Engine.Schedule.UpperBound"/> bounds).
/// </param>
/// <param name="SecondAndThirdMeetingBonus">Points a buyer's second and third meeting add to the selection objective (not to the reported objective).</param>
/// <param name="ExactVariableLimit">
/// Problems with at most this many (pair, free common slot) choices are solved exactly with CP-SAT (one worker, a
/// deterministic time limit); larger ones by min-cost-flow selection and greedy placement with repair. 0 turns the exact path off.
/// </param>
/// <param name="ExactDeterministicTime">CP-SAT's deterministic time limit; a model not proven optimal within it falls back to the heuristic.</param>
/// <param name="RefillRounds">Selection rounds after the first that refill the capacity left by meetings that could not be placed.</param>
public sealed record MeetingSchedulerOptions(
    bool Fairness = true,
    double SecondAndThirdMeetingBonus = 25,
    int ExactVariableLimit = 600,
    double ExactDeterministicTime = 2,
    int RefillRounds = 3)
{
    public static MeetingSchedulerOptions Default { get; } = new();
}
