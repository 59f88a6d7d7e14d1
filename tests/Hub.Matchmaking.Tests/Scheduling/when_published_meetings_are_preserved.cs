using FsCheck;
using FsCheck.Fluent;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scheduling;
using Microsoft.FSharp.Core;
using static Hub.Matchmaking.Tests.Scheduling.SchedulingExpos;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// preserveExisting: published meetings that are still feasible stay at their slot and table; the others are reported
/// moved, each with why; new meetings are fitted around the kept ones.
/// </summary>
public sealed class when_published_meetings_are_preserved
{
    [Fact]
    public void feasible_meetings_stay_at_their_slot_and_table_and_every_other_is_reported_with_its_reason()
    {
        var exhibitors = new[]
        {
            Exhibitor("ex-0"), Exhibitor("ex-1"), Exhibitor("ex-2"), Exhibitor("ex-3", maxMeetings: 1), Exhibitor("ex-gone", cancelled: true),
        };
        var buyers = new[]
        {
            Buyer("by-0"), Buyer("by-1", cancelled: true), Buyer("by-2", blocked: ["ex-2"]), Buyer("by-3", slots: (0, 2)),
            Buyer("by-4"), Buyer("by-5"), Buyer("by-6", maxMeetings: 0),
        };
        var pairs = new List<CandidatePair>
        {
            new(0, 0, 40, 0, false), new(0, 3, 30, 0, false), new(3, 4, 50, 0, false), new(3, 5, 70, 1, false),
            new(1, 5, 20, 0, false), new(2, 0, 35, 0, false), new(0, 4, 25, 0, false), new(2, 5, 15, 0, false),
        };
        var preserved = new List<PreservedMeeting>
        {
            new("ex-0", "by-0", 1, 2),     // feasible: kept
            new("ex-1", "by-1", 0, 1),     // buyer cancelled
            new("ex-2", "by-2", 2, 1),     // the buyer now blocks the exhibitor
            new("ex-0", "by-3", 3, 1),     // the buyer now leaves after slot 1
            new("ex-3", "by-4", 0, 3),     // ex-3's limit is now 1: the lower-scored of its two goes
            new("ex-3", "by-5", 1, 3),     // ... and the higher-scored stays
            new("ex-1", "by-4", 2, 3),     // no longer a candidate (the scorer's cap dropped it) but feasible: kept, score 0
            new("ex-9", "by-0", 3, 2),     // the exhibitor is no longer registered
            new("ex-gone", "by-0", 2, 2),  // the exhibitor cancelled
            new("ex-2", "by-0", 1, 1),     // by-0 already meets ex-0 in slot 1 (kept first: higher score)
            new("ex-0", "by-6", 0, 2),     // by-6's limit is now 0
            new("ex-2", "by-5", 2, 9),     // table 9 of 3 no longer exists
        };
        var problem = new MatchmakingProblem(Expo(slots: 4, tables: 3), exhibitors, buyers, preserved);
        var candidates = new CandidateSet(pairs, pairs.Count);

        var schedule = new MeetingScheduler().Solve(problem, candidates, null, CancellationToken.None);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
        Assert.Contains(new ScheduledPair(0, 0, 1, 2, 40), schedule.Meetings);
        Assert.Contains(new ScheduledPair(3, 5, 1, 3, 70), schedule.Meetings);
        Assert.Contains(new ScheduledPair(1, 4, 2, 3, 0), schedule.Meetings);
        Assert.Equal(
        [
            (preserved[1], "buyer cancelled"),
            (preserved[2], "pair blocked"),
            (preserved[3], "buyer no longer available in this slot"),
            (preserved[4], "over the exhibitor's new meeting limit"),
            (preserved[7], "exhibitor no longer registered"),
            (preserved[8], "exhibitor cancelled"),
            (preserved[9], "buyer double-booked in this slot"),
            (preserved[10], "over the buyer's new meeting limit"),
            (preserved[11], "table no longer exists"),
        ], schedule.Moved.Select(m => (m.Meeting, m.Reason)).ToList());
    }

    [Fact]
    public void a_rerun_with_nothing_changed_keeps_every_meeting_where_it_was()
    {
        var config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(40)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261210), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(Gen.OneOf(RandomExpos.Ordinary, RandomExpos.Tight, RandomExpos.Medium)), shape =>
        {
            var (problem, candidates) = RandomExpos.Build(shape with { Preserved = 0 });
            var scheduler = new MeetingScheduler();
            var first = scheduler.Solve(problem, candidates, null, CancellationToken.None);
            var published = first.Meetings.Select(m => new PreservedMeeting(problem.Exhibitors[m.Exhibitor].Id, problem.Buyers[m.Buyer].Id, m.Slot, m.Table)).ToList();
            var rerun = problem with { Preserved = published };

            var second = scheduler.Solve(rerun, candidates, null, CancellationToken.None);

            Assert.Empty(ScheduleChecker.Check(rerun, candidates, second));
            Assert.Empty(second.Moved);
            Assert.All(first.Meetings, m => Assert.Contains(m, second.Meetings));
        }));
    }

    [Fact]
    public void after_cancellations_the_meetings_of_those_still_active_stay_and_the_others_are_reported_cancelled()
    {
        var config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(40)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261211), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(RandomExpos.Medium), Arb.From(RandomExpos.Seeds), (shape, seed) =>
        {
            var (problem, candidates) = RandomExpos.Build(shape with { Preserved = 0, CancelledPercent = 0 });
            var scheduler = new MeetingScheduler();
            var first = scheduler.Solve(problem, candidates, null, CancellationToken.None);
            var published = first.Meetings.Select(m => new PreservedMeeting(problem.Exhibitors[m.Exhibitor].Id, problem.Buyers[m.Buyer].Id, m.Slot, m.Table)).ToList();
            var random = new Random(seed);
            var rerun = problem with
            {
                Exhibitors = problem.Exhibitors.Select(p => random.Next(10) == 0 ? p with { Cancelled = true } : p).ToList(),
                Buyers = problem.Buyers.Select(p => random.Next(10) == 0 ? p with { Cancelled = true } : p).ToList(),
                Preserved = published,
            };
            var stillActive = candidates.Pairs.Where(p => !rerun.Exhibitors[p.Exhibitor].Cancelled && !rerun.Buyers[p.Buyer].Cancelled).ToList();

            var second = scheduler.Solve(rerun, new CandidateSet(stillActive, candidates.PairsConsidered), null, CancellationToken.None);

            Assert.Empty(ScheduleChecker.Check(rerun, new CandidateSet(stillActive, candidates.PairsConsidered), second));
            foreach (var m in first.Meetings)
            {
                var exhibitorGone = rerun.Exhibitors[m.Exhibitor].Cancelled;
                var buyerGone = rerun.Buyers[m.Buyer].Cancelled;
                if (!exhibitorGone && !buyerGone) Assert.Contains(m, second.Meetings);
                else Assert.Contains(second.Moved, x => x.Meeting.ExhibitorId == problem.Exhibitors[m.Exhibitor].Id && x.Meeting.BuyerId == problem.Buyers[m.Buyer].Id
                    && x.Reason == (exhibitorGone ? "exhibitor cancelled" : "buyer cancelled"));
            }

            Assert.Equal(first.Meetings.Count(m => rerun.Exhibitors[m.Exhibitor].Cancelled || rerun.Buyers[m.Buyer].Cancelled), second.Moved.Count);
        }));
    }
}
