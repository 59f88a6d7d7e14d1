using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Tests.Model;

public sealed class when_an_expo_is_cut_into_slots
{
    private static readonly Expo TwoDays = new("expo-1", "Expo", "Asia/Shanghai",
        [
            new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(11, 10)),
            new ExpoDay(new DateOnly(2026, 5, 21), new TimeOnly(13, 0), new TimeOnly(14, 0)),
        ],
        SlotMinutes: 30, Tables: 4);

    [Fact]
    public void each_day_holds_the_whole_slots_between_opening_and_closing_numbered_across_days()
    {
        var grid = new SlotGrid(TwoDays);

        Assert.Equal(6, grid.Count);
        Assert.Equal((0, 4), grid.SlotsOfDay(0));
        Assert.Equal((4, 6), grid.SlotsOfDay(1));
        Assert.Equal(new Slot(3, 0, new DateOnly(2026, 5, 20), new TimeOnly(10, 30), new TimeOnly(11, 0)), grid.Slots[3]);
        Assert.Equal(new Slot(4, 1, new DateOnly(2026, 5, 21), new TimeOnly(13, 0), new TimeOnly(13, 30)), grid.Slots[4]);
    }

    [Fact]
    public void a_participant_without_availability_can_meet_in_every_slot_and_one_with_none_in_no_slot()
    {
        var grid = new SlotGrid(TwoDays);

        Assert.Equal(6, grid.AvailableSlots(Participant([]) with { Availability = null }).Count);
        Assert.Equal(0, grid.AvailableSlots(Participant([])).Count);
    }

    [Fact]
    public void only_slots_wholly_inside_a_window_are_available()
    {
        var grid = new SlotGrid(TwoDays);
        var participant = Participant([
            new Availability(new DateOnly(2026, 5, 20), new TimeOnly(9, 15), new TimeOnly(10, 30)),
            new Availability(new DateOnly(2026, 5, 21), new TimeOnly(13, 0), new TimeOnly(14, 0)),
            new Availability(new DateOnly(2026, 5, 22), new TimeOnly(9, 0), new TimeOnly(17, 0)),
        ]);

        Assert.Equal([1, 2, 4, 5], grid.AvailableSlots(participant).Members());
    }

    private static Participant Participant(IReadOnlyList<Availability>? availability) =>
        new("b-1", ParticipantKind.Buyer, "Buyer", "MY", [], "", [], [], [], Availability: availability);
}
