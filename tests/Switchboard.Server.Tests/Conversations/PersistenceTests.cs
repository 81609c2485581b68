using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Conversations;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Messages_SurviveAServerRestart()
    {
        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        string id;
        string databasePath;

        await using (var first = new SwitchboardFactory(upstream))
        {
            databasePath = first.DatabasePath;
            using var client = first.CreateClient();
            using var created = await client.PostAsync("/api/v1/conversations", Json("""{"title":"survives"}"""));
            id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            using var sent = await client.PostAsync($"/api/v1/conversations/{id}/messages", Json("""{"content":"Remember me"}"""));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        await using var second = new SwitchboardFactory(upstream, databasePath);
        using var again = second.CreateClient();
        using var response = await again.GetAsync($"/api/v1/conversations/{id}/messages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("Remember me", messages[0].GetProperty("content").GetString());
        Assert.Equal("Hello! How can I assist you today?", messages[1].GetProperty("content").GetString());
        Assert.Equal(19, messages[1].GetProperty("usage").GetProperty("prompt_tokens").GetInt32());

        using var conversation = await again.GetAsync($"/api/v1/conversations/{id}");
        var body = JsonDocument.Parse(await conversation.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("survives", body.GetProperty("title").GetString());
        Assert.Equal(2, body.GetProperty("message_count").GetInt32());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
