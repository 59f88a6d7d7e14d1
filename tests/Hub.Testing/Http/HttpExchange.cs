using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Testing.Http;

/// <summary>A GET over <see cref="DefaultHttpContext"/>, and the response an <see cref="IResult"/> writes into it (bytes kept: BOMs matter).</summary>
public static class HttpExchange
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

    public static async Task<HttpAnswer> AnswerAsync(this IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        var headers = context.Response.Headers;
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, headers.ETag.ToString(), headers.ContentDisposition.ToString(),
            ((MemoryStream)context.Response.Body).ToArray());
    }
}

public sealed record HttpAnswer(int Status, string? ContentType, string ETag, string ContentDisposition, byte[] Bytes)
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

    /// <summary>A problem's <c>detail</c>.</summary>
    public string Detail => Json.GetProperty("detail").GetString()!;

    /// <summary>The problem's <c>errors</c> map keys, sorted.</summary>
    public IEnumerable<string> ErrorFields => Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
}
