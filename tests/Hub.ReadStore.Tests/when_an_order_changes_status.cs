using Hub.ReadStore.Orders;

namespace Hub.ReadStore.Tests;

public sealed class when_an_order_changes_status
{
    [Theory]
    [InlineData(null, "received", "received")]
    [InlineData(null, "updated", "received")]
    [InlineData(null, "cancelled", "cancelled")]
    [InlineData(null, "shipped", "shipped")]
    [InlineData(null, "delivered", "delivered")]
    [InlineData("received", "received", "received")]
    [InlineData("received", "updated", "received")]
    [InlineData("received", "cancelled", "cancelled")]
    [InlineData("received", "shipped", "shipped")]
    [InlineData("received", "delivered", "delivered")]
    [InlineData("shipped", "updated", "shipped")]
    [InlineData("shipped", "shipped", "shipped")]
    [InlineData("shipped", "delivered", "delivered")]
    public void an_allowed_transition_gives_the_next_status(string? current, string eventType, string next)
    {
        Assert.Equal(next, OrderStatusMachine.Next(current, eventType));
    }

    [Theory]
    [InlineData("shipped", "received")]
    [InlineData("shipped", "cancelled")]
    [InlineData("cancelled", "received")]
    [InlineData("cancelled", "updated")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("cancelled", "shipped")]
    [InlineData("cancelled", "delivered")]
    [InlineData("delivered", "received")]
    [InlineData("delivered", "updated")]
    [InlineData("delivered", "cancelled")]
    [InlineData("delivered", "shipped")]
    [InlineData("delivered", "delivered")]
    [InlineData(null, "paid")]
    [InlineData("received", "paid")]
    public void a_refused_transition_gives_no_status(string? current, string eventType)
    {
        Assert.Null(OrderStatusMachine.Next(current, eventType));
    }

    [Fact]
    public void the_statuses_are_the_four_an_order_can_be_in()
    {
        Assert.Equal(["received", "cancelled", "shipped", "delivered"], OrderStatusMachine.Statuses);
    }
}
