using Microsoft.AspNetCore.Http;

namespace Hub.Core.Http;

/// <summary>RFC 9457 problem+json results with the hub's <c>errors</c> map (field path -> messages).</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string detail = "The request has invalid fields; every fault is listed in 'errors'.") =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult BadRequest(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);
    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);
    public static IResult PayloadTooLarge(long limit) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body exceeds the limit of {limit} bytes.");
    public static IResult UnsupportedMediaType(string? contentType, string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Content type '{contentType ?? "(none)"}' is not accepted; send {expected}.");
    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>() });
}
