namespace Hub.Core.Webhooks;

/// <summary>The outcome of verifying one webhook delivery.</summary>
/// <param name="IsValid">True when a signature matched an active secret and every other check passed.</param>
/// <param name="DeliveryId">The platform's id for the delivery, the same on a redelivery: never null when valid, always null when not.</param>
/// <param name="Failure">Why the delivery was rejected, short and human; null when valid. Never contains a secret.</param>
public readonly record struct SignatureCheck(bool IsValid, string? DeliveryId, string? Failure)
{
    public static SignatureCheck Valid(string deliveryId) => new(true, deliveryId, null);

    public static SignatureCheck Invalid(string failure) => new(false, null, failure);
}
