using FsCheck;
using FsCheck.Fluent;
using Hub.Testing.Matchmaking;
using Microsoft.FSharp.Core;

namespace Hub.Matchmaking.Tests.Scoring;

/// <summary>Small synthetic expos of many shapes, for the scorer's properties; replayed from a fixed seed.</summary>
internal static class SyntheticCases
{
    public static readonly Gen<SyntheticExpoShape> Shapes =
        from exhibitors in Gen.Choose(0, 60)
        from buyers in Gen.Choose(0, 80)
        from seed in Gen.Choose(1, 1_000_000)
        from requesting in Gen.Elements(0.0, 0.5, 1.0)
        from blocking in Gen.Elements(0.0, 0.1, 0.5)
        from cancelled in Gen.Elements(0.0, 0.05, 0.3)
        from buyerLimit in Gen.Choose(1, 12)
        select new SyntheticExpoShape(exhibitors, buyers, Days: 2, SlotsPerDay: 8, Tables: 10, BuyerMaxMeetings: buyerLimit, Seed: seed,
            RequestingBuyerShare: requesting, RequestingExhibitorShare: requesting / 2, BlockingShare: blocking, CancelledShare: cancelled);

    public static void Check(Gen<SyntheticExpoShape> shapes, ulong seed, int count, Action<SyntheticExpoShape> property) =>
        FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(count)
                .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None))),
            Prop.ForAll(Arb.From(shapes), property));
}
