using Hub.Core.Webhooks;
using Hub.Orders.Webhooks.Signatures;

namespace Hub.Orders.Tests.Signatures;

internal static class SignatureAssert
{
    public static void Valid(SignatureCheck check, string deliveryId)
    {
        Assert.True(check.IsValid, check.Failure);
        Assert.Equal(deliveryId, check.DeliveryId);
        Assert.Null(check.Failure);
    }

    public static void Rejected(SignatureCheck check, string failure)
    {
        Assert.False(check.IsValid);
        Assert.Null(check.DeliveryId);
        Assert.Equal(failure, check.Failure);
    }
}
