using Platform.Contracts.Http;

namespace Platform.ServiceDefaults.Tests.TypedClients;

public sealed class TypedClientRegistrationTests
{
    [Fact]
    public async Task Typed_client_reaches_the_service_by_its_resource_name()
    {
        await using var upstream = await Upstream.StartAsync();
        var builder = TestApp.CreateBuilder(new Dictionary<string, string?> { ["services:inventory:http:0"] = upstream.Address.ToString() });
        builder.AddServiceDefaults();
        builder.Services.AddTypedClient<InventoryClient>("inventory");
        await using var app = builder.Build();

        var echo = await app.Services.GetRequiredService<InventoryClient>().EchoAsync("ping", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("/echo/ping", echo.RawTarget);
    }
}
