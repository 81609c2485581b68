using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

/// <summary>A server with helpers to mint keys through the admin API, as an admin would.</summary>
public abstract class AccessTestBase : ServerTestBase
{
    protected async Task<(string Id, string Token)> CreateKeyAsync(object body, HttpClient? client = null)
    {
        using var response = await (client ?? Client).PostAsJsonAsync("/api/v1/keys", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"creating a key: {(int)response.StatusCode} {text}");
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
    }

    protected HttpClient ClientFor(string? token) => Factory.CreateClientWithKey(token);

    protected static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    protected async Task<List<JsonElement>> AuditAsync(string query)
    {
        using var response = await Client.GetAsync($"/api/v1/audit?{query}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return [.. (await JsonOf(response)).GetProperty("data").EnumerateArray()];
    }
}
