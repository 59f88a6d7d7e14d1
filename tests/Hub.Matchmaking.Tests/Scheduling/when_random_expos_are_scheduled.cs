using FsCheck;
using FsCheck.Fluent;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scheduling;
using Microsoft.FSharp.Core;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// Property tests: random expos of many shapes (ordinary, tight, degenerate, medium), each scheduled exactly (CP-SAT, the
/// default for small problems), by the heuristic alone (exact path off) and without fairness, and every schedule checked
/// against every hard constraint. The seed is fixed so that a failure replays; the failing shape is printed.
/// </summary>
public sealed class when_random_expos_are_scheduled
{
    private const ulong Seed = 20261208;

    private static readonly MeetingScheduler[] Schedulers =
    [
        new(),
        new(new MeetingSchedulerOptions(ExactVariableLimit: 0)),
        new(new MeetingSchedulerOptions(Fairness: false, ExactVariableLimit: 0)),
    ];

    private static Config Config(int cases) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(cases).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), FSharpOption<int>.None)));

    [Fact]
    public void every_schedule_of_a_random_expo_keeps_every_hard_constraint()
    {
        Check.One(Config(150), Prop.ForAll(Arb.From(RandomExpos.Any), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            foreach (var scheduler in Schedulers)
            {
                var schedule = scheduler.Solve(problem, candidates, null, CancellationToken.None);
                var violations = ScheduleChecker.Check(problem, candidates, schedule);
                Assert.True(violations.Count == 0, $"{shape}: {string.Join("; ", violations)}");
            }
        }));
    }

    [Fact]
    public void degenerate_expos_get_an_empty_but_valid_schedule()
    {
        Check.One(Config(80), Prop.ForAll(Arb.From(RandomExpos.Degenerate), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            foreach (var scheduler in Schedulers)
            {
                var schedule = scheduler.Solve(problem, candidates, null, CancellationToken.None);
                Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
                // None of these shapes leaves a pair that could meet: only a preserved meeting still feasible stays (score 0 without a candidate).
                var preserved = problem.Preserved.Select(p => (p.ExhibitorId, p.BuyerId, p.Slot, p.Table)).ToHashSet();
                Assert.True(schedule.Meetings.All(m => preserved.Contains((problem.Exhibitors[m.Exhibitor].Id, problem.Buyers[m.Buyer].Id, m.Slot, m.Table))),
                    $"{shape}: {schedule.Meetings.Count} meetings");
                Assert.Equal(0, schedule.Objective);
            }
        }));
    }

    [Fact]
    public void the_same_problem_gives_the_same_schedule_also_when_solved_in_parallel()
    {
        Check.One(Config(25), Prop.ForAll(Arb.From(Gen.OneOf(RandomExpos.Ordinary, RandomExpos.Medium)), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape);
            foreach (var scheduler in Schedulers)
            {
                var first = scheduler.Solve(problem, candidates, null, CancellationToken.None);
                var parallel = Enumerable.Range(0, 3).AsParallel()
                    .Select(_ => scheduler.Solve(problem, candidates, null, CancellationToken.None)).ToList();
                foreach (var other in parallel)
                {
                    Assert.Equal(first.Meetings, other.Meetings);
                    Assert.Equal(first.Moved, other.Moved);
                    Assert.Equal(first.UpperBound, other.UpperBound);
                }
            }
        }));
    }

    [Fact]
    public void progress_is_reported_for_selection_and_scheduling_with_fractions_up_to_one()
    {
        var (problem, candidates) = RandomExpos.Build(new ExpoShape("medium", 30, 100, 2, 8, 10, 1, 8, 60, 0, 20, 0, 0, 0, false, 7));
        var reports = new List<MatchmakingProgress>();
        var progress = new SynchronousProgress(reports.Add);

        new MeetingScheduler(new MeetingSchedulerOptions(ExactVariableLimit: 0)).Solve(problem, candidates, progress, CancellationToken.None);

        Assert.Contains(new MatchmakingProgress("selection", 0), reports);
        Assert.Contains(new MatchmakingProgress("selection", 1), reports);
        Assert.Equal(new MatchmakingProgress("scheduling", 1), reports[^1]);
        Assert.All(reports, r => Assert.InRange(r.Fraction, 0, 1));
    }

    [Fact]
    public void a_cancelled_run_stops_with_operation_cancelled()
    {
        var (problem, candidates) = RandomExpos.Build(new ExpoShape("medium", 30, 100, 2, 8, 10, 1, 8, 60, 0, 20, 0, 0, 0, false, 7));

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new MeetingScheduler().Solve(problem, candidates, null, new CancellationToken(canceled: true)));
    }

    private sealed class SynchronousProgress(Action<MatchmakingProgress> report) : IProgress<MatchmakingProgress>
    {
        public void Report(MatchmakingProgress value) => report(value);
    }
}
