using Hub.Contracts.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Http;

/// <summary>
/// <c>GET /api/openapi.json</c>, shared by both hosts: the one document in <see cref="HttpContract"/>, so that Standalone and
/// the Functions apps describe themselves alike. No key: the document holds no secret.
/// </summary>
public sealed class OpenApiEndpoint
{
    public IResult Get() => Results.Bytes(HttpContract.OpenApiJson, "application/json; charset=utf-8");
}
