using FsCheck;
using FsCheck.Fluent;
using Hub.Matchmaking.Scheduling;
using Microsoft.FSharp.Core;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// On tiny expos (at most 4 exhibitors x 4 buyers x 4 slots) the schedule is compared with the exhaustive optimum
/// (<see cref="ExhaustiveOptimum"/>). Which optimum: with fairness off, the best sum of scores; with fairness on (the
/// default), the scheduler's documented objective, lexicographic: first the most buyers with a meeting, then score plus
/// the bonus for each buyer's second and third meeting. Both are compared exactly (scores have two decimals, so the
/// scheduler's integer scaling loses nothing).
/// </summary>
public sealed class when_small_expos_are_scheduled
{
    private static readonly Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(150)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261209), FSharpOption<int>.None)));

    [Fact]
    public void without_fairness_the_objective_is_the_exact_optimum_sum_of_scores()
    {
        var scheduler = new MeetingScheduler(new MeetingSchedulerOptions(Fairness: false));
        Check.One(Config, Prop.ForAll(Arb.From(RandomExpos.Tiny), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            var schedule = scheduler.Solve(problem, candidates, null, CancellationToken.None);
            var optimum = ExhaustiveOptimum.Solve(problem, candidates, 0);

            Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
            Assert.True(Math.Abs(schedule.Objective - optimum.PureScore) < 1e-6, $"{shape}: objective {schedule.Objective}, optimum {optimum.PureScore}");
            Assert.True(schedule.UpperBound >= optimum.PureScore - 1e-6, $"{shape}: bound {schedule.UpperBound} below the optimum {optimum.PureScore}");
        }));
    }

    [Fact]
    public void with_fairness_the_schedule_is_the_exact_optimum_of_the_fairness_then_score_objective()
    {
        var options = new MeetingSchedulerOptions();
        var scheduler = new MeetingScheduler(options);
        Check.One(Config, Prop.ForAll(Arb.From(RandomExpos.Tiny), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            var schedule = scheduler.Solve(problem, candidates, null, CancellationToken.None);
            var optimum = ExhaustiveOptimum.Solve(problem, candidates, options.SecondAndThirdMeetingBonus);
            var (buyers, value) = ExhaustiveOptimum.Value(schedule, options.SecondAndThirdMeetingBonus);

            Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
            Assert.True(buyers == optimum.BuyersWithMeeting, $"{shape}: {buyers} buyers met, at best {optimum.BuyersWithMeeting}");
            Assert.True(Math.Abs(value - optimum.FairValue) < 1e-6, $"{shape}: value {value}, optimum {optimum.FairValue}");
            Assert.True(schedule.UpperBound >= optimum.PureScore - 1e-6, $"{shape}: bound {schedule.UpperBound} below the optimum {optimum.PureScore}");
        }));
    }

    [Fact]
    public void the_heuristic_alone_never_beats_the_exact_optimum_and_keeps_every_constraint()
    {
        // A guard on the exhaustive search as much as on the heuristic: a heuristic above the "optimum" means one is wrong.
        var scheduler = new MeetingScheduler(new MeetingSchedulerOptions(Fairness: false, ExactVariableLimit: 0));
        Check.One(Config, Prop.ForAll(Arb.From(RandomExpos.Tiny), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            var schedule = scheduler.Solve(problem, candidates, null, CancellationToken.None);
            var optimum = ExhaustiveOptimum.Solve(problem, candidates, 0);

            Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
            Assert.True(schedule.Objective <= optimum.PureScore + 1e-6, $"{shape}: heuristic {schedule.Objective} above the optimum {optimum.PureScore}");
        }));
    }
}
