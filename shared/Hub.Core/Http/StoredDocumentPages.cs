using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Http;

/// <summary>
/// A page of stored documents as a list route answers it: <c>{"items": [...], "continuationToken": ...}</c>, the documents
/// written as they are stored (no round trip through a type), and a continuation token the store cannot read as a 400.
/// </summary>
public static class StoredDocumentPages
{
    public static async Task<IResult> QueryAsync(IReadStore store, DocumentQuery query, CancellationToken cancellationToken)
    {
        DocumentPage page;
        try
        {
            page = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException e)
        {
            return Problems.BadRequest("continuationToken", e.Message);
        }

        var json = new StringBuilder("{\"items\":[");
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(page.Items[i].Json);
        }

        json.Append("],\"continuationToken\":").Append(JsonSerializer.Serialize(page.ContinuationToken, HubJson.Web)).Append('}');
        return Results.Text(json.ToString(), "application/json; charset=utf-8", Encoding.UTF8);
    }
}
