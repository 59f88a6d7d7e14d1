using FsCheck;
using FsCheck.Fluent;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// The shape of a random expo: sizes, grid, tables, limits, how available people are, how dense and how adversarial the
/// candidates are. FsCheck draws the shape; <see cref="RandomExpos.Build"/> turns it into a problem and candidates with
/// the shape's own seed, so a failing case replays from its printed shape.
/// </summary>
public sealed record ExpoShape(
    string Kind,
    int Exhibitors,
    int Buyers,
    int Days,
    int SlotsPerDay,
    int Tables,
    int MinLimit,
    int MaxLimit,
    int FullAvailabilityPercent,
    int NeverAvailablePercent,
    int CandidatePercent,
    int BlockedPercent,
    int CancelledPercent,
    int Preserved,
    bool Adversarial,
    int Seed);

public static class RandomExpos
{
    private static readonly DateOnly FirstDay = new(2026, 5, 20);
    private static readonly TimeOnly Opens = new(9, 0);
    private const int SlotMinutes = 30;

    public static Gen<int> Seeds => Gen.Choose(0, int.MaxValue - 1);

    /// <summary>Ordinary expos: a few to a few dozen participants, one to three days, some windows, some blocks and cancellations.</summary>
    public static Gen<ExpoShape> Ordinary =>
        from e in Gen.Choose(1, 12)
        from b in Gen.Choose(1, 25)
        from days in Gen.Choose(1, 3)
        from slots in Gen.Choose(1, 8)
        from tables in Gen.Choose(1, 8)
        from minLimit in Gen.Choose(0, 3)
        from extra in Gen.Choose(0, 6)
        from full in Gen.Choose(0, 100)
        from never in Gen.Choose(0, 10)
        from density in Gen.Choose(5, 100)
        from blocked in Gen.Choose(0, 20)
        from cancelled in Gen.Choose(0, 15)
        from preserved in Gen.Choose(0, 12)
        from adversarial in Gen.Elements(false, false, true)
        from seed in Seeds
        select new ExpoShape("ordinary", e, b, days, slots, tables, minLimit, minLimit + extra, full, never, density, blocked, cancelled, preserved, adversarial, seed);

    /// <summary>Tight expos: one table or two, limits of one or two, scarce availability.</summary>
    public static Gen<ExpoShape> Tight =>
        from e in Gen.Choose(1, 8)
        from b in Gen.Choose(1, 15)
        from slots in Gen.Choose(1, 4)
        from tables in Gen.Choose(1, 2)
        from limit in Gen.Choose(1, 2)
        from full in Gen.Choose(0, 30)
        from density in Gen.Choose(20, 100)
        from preserved in Gen.Choose(0, 6)
        from seed in Seeds
        select new ExpoShape("tight", e, b, 1, slots, tables, 1, limit, full, 20, density, 5, 5, preserved, false, seed);

    /// <summary>Degenerate expos: no buyers, no exhibitors, nobody available, every pair blocked, no candidates, no tables, no slots.</summary>
    public static Gen<ExpoShape> Degenerate =>
        from kind in Gen.Elements("no buyers", "no exhibitors", "nobody available", "every pair blocked", "no candidates", "no tables", "no slots", "everybody cancelled")
        from e in Gen.Choose(0, 6)
        from b in Gen.Choose(0, 10)
        from preserved in Gen.Choose(0, 5)
        from seed in Seeds
        select new ExpoShape(kind,
            kind == "no exhibitors" ? 0 : e, kind == "no buyers" ? 0 : b, 1, kind == "no slots" ? 0 : 4, kind == "no tables" ? 0 : 3,
            1, 4, kind == "nobody available" ? 0 : 100, kind == "nobody available" ? 100 : 0,
            kind == "no candidates" ? 0 : 80, kind == "every pair blocked" ? 100 : 0, kind == "everybody cancelled" ? 100 : 0,
            preserved, kind is "every pair blocked" or "everybody cancelled", seed);

    /// <summary>Medium expos, big enough for the heuristic path (min-cost flow, greedy, repair, refill).</summary>
    public static Gen<ExpoShape> Medium =>
        from e in Gen.Choose(10, 40)
        from b in Gen.Choose(20, 120)
        from days in Gen.Choose(1, 2)
        from slots in Gen.Choose(4, 12)
        from tables in Gen.Choose(2, 20)
        from full in Gen.Choose(30, 90)
        from density in Gen.Choose(5, 40)
        from preserved in Gen.Choose(0, 30)
        from seed in Seeds
        select new ExpoShape("medium", e, b, days, slots, tables, 1, 8, full, 3, density, 5, 3, preserved, false, seed);

    public static Gen<ExpoShape> Any => Gen.Frequency(
        (4, Ordinary), (2, Tight), (2, Degenerate), (1, Medium));

    /// <summary>Tiny expos for the exhaustive optimum: at most 4 exhibitors, 4 buyers, 4 slots, 12 candidate pairs.</summary>
    public static Gen<ExpoShape> Tiny =>
        from e in Gen.Choose(1, 4)
        from b in Gen.Choose(1, 4)
        from slots in Gen.Choose(1, 4)
        from tables in Gen.Choose(1, 3)
        from minLimit in Gen.Choose(1, 2)
        from extra in Gen.Choose(0, 2)
        from full in Gen.Choose(0, 100)
        from density in Gen.Choose(30, 100)
        from seed in Seeds
        select new ExpoShape("tiny", e, b, 1, slots, tables, minLimit, minLimit + extra, full, 5, density, 10, 0, 0, false, seed);

    public static (MatchmakingProblem Problem, CandidateSet Candidates) Build(ExpoShape shape)
    {
        var random = new Random(shape.Seed);
        var days = Enumerable.Range(0, shape.Days)
            .Select(d => new ExpoDay(FirstDay.AddDays(d), Opens, Opens.AddMinutes(SlotMinutes * shape.SlotsPerDay)))
            .ToList();
        var expo = new Expo("expo-random", "Random expo", "Asia/Shanghai", days, SlotMinutes, shape.Tables,
            ExhibitorMaxMeetings: Math.Max(shape.MaxLimit, 1) * 2, BuyerMaxMeetings: Math.Max(shape.MaxLimit, 1));

        var exhibitors = Enumerable.Range(0, shape.Exhibitors)
            .Select(i => Person(random, shape, days, $"ex-{i}", ParticipantKind.Exhibitor)).ToList();
        var buyers = Enumerable.Range(0, shape.Buyers)
            .Select(i => Person(random, shape, days, $"by-{i}", ParticipantKind.Buyer)).ToList();

        for (var b = 0; b < buyers.Count; b++)
        {
            var blocked = exhibitors.Where(_ => random.Next(100) < shape.BlockedPercent).Select(x => x.Id).ToList();
            buyers[b] = buyers[b] with { Blocked = blocked };
        }

        for (var e = 0; e < exhibitors.Count; e++)
        {
            var blocked = buyers.Where(_ => random.Next(100) < shape.BlockedPercent / 3).Select(x => x.Id).ToList();
            exhibitors[e] = exhibitors[e] with { Blocked = blocked };
        }

        var pairs = new List<CandidatePair>();
        for (var e = 0; e < exhibitors.Count; e++)
        for (var b = 0; b < buyers.Count; b++)
        {
            if (random.Next(100) >= shape.CandidatePercent) continue;
            var blocked = buyers[b].BlockedOrEmpty.Contains(exhibitors[e].Id) || exhibitors[e].BlockedOrEmpty.Contains(buyers[b].Id);
            var cancelled = exhibitors[e].Cancelled || buyers[b].Cancelled;
            // A scorer never offers blocked or cancelled pairs; an adversarial shape does, and the schedule must not show them.
            if ((blocked || cancelled) && !shape.Adversarial) continue;
            var rank = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            pairs.Add(new CandidatePair(e, b, random.Next(100, 15001) / 100.0, rank, rank > 0 && random.Next(3) == 0));
        }

        if (shape.Adversarial && pairs.Count > 0)
        {
            // The same pair twice, with another score: the scheduler takes the better one.
            var twin = pairs[random.Next(pairs.Count)];
            pairs.Add(twin with { Score = twin.Score + 1 });
        }

        var slots = shape.Days * shape.SlotsPerDay;
        var preserved = new List<PreservedMeeting>();
        for (var k = 0; k < shape.Preserved && exhibitors.Count > 0 && buyers.Count > 0; k++)
        {
            // Mostly plausible published meetings (a candidate pair in one of its common slots), some stale or odd.
            var slot = slots == 0 ? 0 : random.Next(slots + (random.Next(10) == 0 ? 2 : 0));
            var table = random.Next(1, Math.Max(1, shape.Tables) + (random.Next(10) == 0 ? 2 : 1));
            if (pairs.Count > 0 && random.Next(4) != 0)
            {
                var pair = pairs[random.Next(pairs.Count)];
                preserved.Add(new PreservedMeeting(exhibitors[pair.Exhibitor].Id, buyers[pair.Buyer].Id, slot, table));
            }
            else
            {
                var exhibitorId = random.Next(12) == 0 ? "ex-gone" : exhibitors[random.Next(exhibitors.Count)].Id;
                preserved.Add(new PreservedMeeting(exhibitorId, buyers[random.Next(buyers.Count)].Id, slot, table));
            }
        }

        return (new MatchmakingProblem(expo, exhibitors, buyers, preserved), new CandidateSet(pairs, (long)exhibitors.Count * buyers.Count));
    }

    private static Participant Person(Random random, ExpoShape shape, List<ExpoDay> days, string id, ParticipantKind kind)
    {
        IReadOnlyList<Availability>? availability;
        var roll = random.Next(100);
        if (roll < shape.NeverAvailablePercent) availability = [];
        else if (roll < shape.NeverAvailablePercent + shape.FullAvailabilityPercent) availability = null;
        else
        {
            var windows = new List<Availability>();
            foreach (var day in days)
            {
                if (random.Next(3) == 0 || shape.SlotsPerDay == 0) continue;
                var from = random.Next(shape.SlotsPerDay);
                var to = random.Next(from + 1, shape.SlotsPerDay + 1);
                // Now and then a window off the slot boundaries: only whole slots inside it count.
                var skew = random.Next(5) == 0 ? 10 : 0;
                windows.Add(new Availability(day.Date, Opens.AddMinutes(from * SlotMinutes + skew), Opens.AddMinutes(to * SlotMinutes)));
            }

            availability = windows;
        }

        var limit = random.Next(4) == 0 ? (int?)null : random.Next(shape.MinLimit, shape.MaxLimit + 1);
        return new Participant(id, kind, $"Company {id}", "CN", [], "", [], [], [],
            MaxMeetings: limit, Availability: availability, Cancelled: random.Next(100) < shape.CancelledPercent);
    }
}
