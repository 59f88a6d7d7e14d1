using System.Text.Json;
using Hub.Matchmaking.Model;
using Hub.Testing.Matchmaking;

namespace Hub.Matchmaking.Tests.Scoring;

/// <summary>The generator the tests and the benchmark build on: deterministic, and every expo it makes is one registration would accept.</summary>
public sealed class when_synthetic_expos_are_generated
{
    [Fact]
    public void the_same_shape_and_seed_give_the_same_expo_and_another_seed_another()
    {
        var shape = new SyntheticExpoShape(40, 120, Seed: 5);

        var first = JsonSerializer.Serialize(SyntheticExpos.Generate(shape));
        var again = JsonSerializer.Serialize(SyntheticExpos.Generate(shape));
        var other = JsonSerializer.Serialize(SyntheticExpos.Generate(shape with { Seed = 6 }));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void every_participant_is_well_formed_and_available_only_within_opening_hours()
    {
        var problem = SyntheticExpos.Generate(new SyntheticExpoShape(300, 900, Days: 2, SlotsPerDay: 12, Seed: 11,
            PartialAvailabilityShare: 0.5, BlockingShare: 0.2, CancelledShare: 0.1));
        var exhibitorIds = problem.Exhibitors.Select(e => e.Id).ToHashSet();
        var buyerIds = problem.Buyers.Select(b => b.Id).ToHashSet();

        Assert.Equal(1_200, exhibitorIds.Count + buyerIds.Count);
        Assert.Empty(exhibitorIds.Intersect(buyerIds));
        Assert.Equal(12, problem.Grid.Count / 2);
        foreach (var participant in problem.Exhibitors.Concat(problem.Buyers))
        {
            Assert.All(participant.Categories.Concat(participant.InterestsOrEmpty), code => Assert.Matches("^[0-9]{2,10}$", code));
            Assert.Matches("^[A-Z]{2}$", participant.Country);
            Assert.NotEmpty(participant.Languages);
            Assert.False(string.IsNullOrWhiteSpace(participant.Keywords));
            foreach (var window in participant.Availability ?? [])
            {
                var day = Assert.Single(problem.Expo.Days, d => d.Date == window.Day);
                Assert.True(window.From >= day.Opens && window.To <= day.Closes && window.From < window.To, $"{participant.Id}: {window}");
            }
        }
        Assert.All(problem.Buyers, b => Assert.NotEmpty(b.InterestsOrEmpty));
        Assert.All(problem.Buyers.SelectMany(b => b.RequestsOrEmpty.Concat(b.BlockedOrEmpty)), id => Assert.Contains(id, exhibitorIds));
        Assert.All(problem.Exhibitors.SelectMany(e => e.RequestsOrEmpty.Concat(e.BlockedOrEmpty)), id => Assert.Contains(id, buyerIds));
    }

    [Fact]
    public void the_knobs_show_in_the_expo()
    {
        var problem = SyntheticExpos.Generate(new SyntheticExpoShape(400, 2_000, Seed: 3, PartialAvailabilityShare: 0.3,
            RequestingBuyerShare: 0.5, BlockingShare: 0.05, CancelledShare: 0.05));

        Assert.InRange(problem.Buyers.Count(b => b.Availability is not null) / 2_000.0, 0.25, 0.35);
        Assert.InRange(problem.Buyers.Count(b => b.RequestsOrEmpty.Count > 0) / 2_000.0, 0.45, 0.55);
        Assert.All(problem.Buyers, b => Assert.InRange(b.RequestsOrEmpty.Count, 0, 5));
        Assert.InRange(problem.Buyers.Count(b => b.BlockedOrEmpty.Count > 0) / 2_000.0, 0.03, 0.07);
        Assert.InRange(problem.Buyers.Count(b => b.Cancelled) / 2_000.0, 0.03, 0.07);
        Assert.Contains(problem.Exhibitors, e => e.Keywords.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Contains(problem.Buyers, b => b.Keywords.StartsWith("looking for", StringComparison.Ordinal));
        Assert.Equal(24, problem.Expo.ExhibitorMaxMeetings);
        Assert.Equal(400, problem.Expo.Tables);
    }

    [Fact]
    public void a_buyers_requests_name_exhibitors_of_its_own_chapters()
    {
        var problem = SyntheticExpos.Generate(new SyntheticExpoShape(200, 600, Seed: 9, RequestingBuyerShare: 1));
        var byId = problem.Exhibitors.ToDictionary(e => e.Id);

        foreach (var buyer in problem.Buyers)
        {
            var chapters = buyer.InterestsOrEmpty.Select(c => c[..2]).ToHashSet();
            Assert.All(buyer.RequestsOrEmpty, id => Assert.Contains(byId[id].Categories, c => chapters.Contains(c[..2])));
        }
    }
}
