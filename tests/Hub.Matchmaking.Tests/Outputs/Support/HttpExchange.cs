using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Matchmaking.Tests.Outputs.Support;

/// <summary>A GET over <see cref="DefaultHttpContext"/>, and the response an <see cref="IResult"/> writes into it (bytes kept: BOMs matter).</summary>
internal static class HttpExchange
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static DefaultHttpContext Get(string? apiKey, string queryString = "")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(queryString);
        if (apiKey is not null) context.Request.Headers.Authorization = $"Bearer {apiKey}";
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<Answer> AnswerAsync(this IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        var bytes = ((MemoryStream)context.Response.Body).ToArray();
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.ContentDisposition.ToString(), bytes);
    }
}

internal sealed record Answer(int Status, string? ContentType, string ContentDisposition, byte[] Bytes)
{
    /// <summary>The body as UTF-8 text, a BOM (if any) left out.</summary>
    public string Body => new UTF8Encoding(false).GetString(Bytes.AsSpan(HasBom ? 3 : 0));

    public bool HasBom => Bytes.Length >= 3 && Bytes[0] == 0xEF && Bytes[1] == 0xBB && Bytes[2] == 0xBF;

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string Detail => Json.GetProperty("detail").GetString()!;
}
