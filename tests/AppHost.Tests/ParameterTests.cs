using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Data;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>Generated values: the rules a generated password meets.</summary>
public sealed class GenerateParameterDefaultTests
{
    [Theory]
    [InlineData(10, 0, 0, 0, 0, 10)]
    [InlineData(10, 1, 1, 1, 1, 10)]
    [InlineData(4, 2, 2, 2, 2, 8)]
    [InlineData(24, 0, 0, 0, 0, 24)]
    public void The_value_has_the_minimum_of_each_class_and_at_least_the_minimum_length(
        int length, int lower, int upper, int numeric, int special, int expectedLength)
    {
        var rules = new GenerateParameterDefault { MinLength = length, MinLower = lower, MinUpper = upper, MinNumeric = numeric, MinSpecial = special };

        var value = rules.Generate();

        Assert.Equal(expectedLength, value.Length);
        Assert.True(value.Count(char.IsAsciiLetterLower) >= lower, value);
        Assert.True(value.Count(char.IsAsciiLetterUpper) >= upper, value);
        Assert.True(value.Count(char.IsAsciiDigit) >= numeric, value);
        Assert.True(value.Count(c => SecretGenerator.Symbols.Contains(c)) >= special, value);
    }

    [Fact]
    public void Without_symbols_asked_for_the_value_is_letters_and_digits_only() =>
        Assert.All(Enumerable.Range(0, 20).Select(_ => new GenerateParameterDefault().Generate()), v => Assert.True(v.All(char.IsAsciiLetterOrDigit), v));

    [Fact]
    public void Values_are_URL_safe_and_differ_between_calls()
    {
        var rules = new GenerateParameterDefault { MinLength = 16, MinSpecial = 3 };
        var values = Enumerable.Range(0, 20).Select(_ => rules.Generate()).ToList();

        Assert.All(values, v => Assert.Equal(v, Uri.EscapeDataString(v)));
        Assert.Equal(values.Count, values.Distinct().Count());
    }
}

/// <summary>Parameters: configuration first, else generated once into secrets.json; secret values never shown.</summary>
public sealed class ParameterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_secret_parameter_without_configuration_is_generated_into_the_secret_store_and_reused()
    {
        var path = Path.Combine(TestFolder.Create("params"), "secrets.json");
        var first = NewParameter("api-secret", secret: true);
        var second = NewParameter("api-secret", secret: true);

        first.Builder.ResolveParameters(new SecretStore(path));
        second.Builder.ResolveParameters(new SecretStore(path));

        Assert.Equal(24, first.Parameter.Value.Length);
        Assert.Equal(first.Parameter.Value, second.Parameter.Value);
        Assert.Equal(first.Parameter.Value, JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!["api-secret"]);
    }

    [Fact]
    public void Configuration_Parameters_name_wins_and_is_not_written_to_the_store()
    {
        var path = Path.Combine(TestFolder.Create("params"), "secrets.json");
        var (builder, parameter) = NewParameter("api-secret", secret: true, configured: "from-config-123");

        builder.ResolveParameters(new SecretStore(path));

        Assert.Equal("from-config-123", parameter.Value);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_plain_parameter_without_configuration_fails_with_the_key_to_set()
    {
        var (builder, _) = NewParameter("region-code", secret: false);

        var error = Assert.Throws<HostingException>(() => builder.ResolveParameters(new SecretStore(Path.Combine(TestFolder.Create("params"), "secrets.json"))));

        Assert.Contains("Parameters:region-code", error.Message);
    }

    [Fact]
    public void The_value_is_unknown_before_the_application_starts()
    {
        var (_, parameter) = NewParameter("api-secret", secret: true);
        Assert.Throws<InvalidOperationException>(() => parameter.Value);
    }

    [Fact]
    public async Task A_secret_reaches_the_process_is_the_same_on_the_next_run_and_is_masked_in_the_dashboard()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var folder = TestFolder.Create("params-run");

        var (first, firstApi) = await RunOnceAsync(folder, null, ct);
        var (second, secondApi) = await RunOnceAsync(folder, null, ct);

        Assert.Equal(24, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(UnixFiles.OwnerOnly, UnixFiles.GetMode(Path.Combine(folder, "secrets.json")));
        foreach (var body in new[] { firstApi, secondApi })
        {
            Assert.DoesNotContain(first, body);
            Assert.Contains("\"WORKER_VALUE\":\"******\"", body);
            Assert.Contains("value=******", body);
        }
    }

    [Fact]
    public async Task A_secret_given_by_configuration_is_masked_too()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        const string configured = "configured-7Qx2Lm9Pz";

        var (seen, shown) = await RunOnceAsync(TestFolder.Create("params-run"), configured, ct);

        Assert.Equal(configured, seen);
        Assert.DoesNotContain(configured, shown);
        Assert.Contains("value=******", shown);
    }

    /// <summary>Runs a worker given the parameter under a name that does not look secret; returns what the process saw and what the dashboard showed.</summary>
    private static async Task<(string Value, string Dashboard)> RunOnceAsync(string dataFolder, string? configured, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var parameter = b.AddParameter("worker-secret", secret: true);
            b.AddExecutable("worker", "sh", Path.GetTempPath(), "-c", "echo \"value=$WORKER_VALUE\"; exec sleep 300")
                .WithEnvironment("WORKER_VALUE", parameter);
        }, o =>
        {
            o.EnableDashboard = true;
            o.DataDirectory = dataFolder;
            if (configured is not null)
            {
                o.Configuration["Parameters:worker-secret"] = configured;
            }
        }, ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceAsync("worker", KnownResourceStates.Running, ct);
        var logs = app.GetLogBuffer("worker");
        string? seen;
        while (true)
        {
            var changed = logs.WaitForChangeAsync(ct);
            // The AppHost's own record of the output is unmasked; the dashboard's copy is not.
            seen = logs.Read().Select(l => l.Text).FirstOrDefault(l => l.StartsWith("value=", StringComparison.Ordinal))?["value=".Length..];
            if (seen is not null)
            {
                break;
            }
            await changed;
        }

        var dashboard = app.Application.Dashboard!;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(dashboard.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.ApiToken);
        var shown = await http.GetStringAsync("/api/resources", ct) + await http.GetStringAsync("/api/resources/worker/logs", ct);
        Assert.Equal(seen, app.GetParameterValue("worker-secret"));
        return (seen, shown);
    }

    private static (DistributedApplicationBuilder Builder, ParameterResource Parameter) NewParameter(string name, bool secret, string? configured = null)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Output = null,
            ContentRoot = Path.GetTempPath(),
            ConfigurationOverrides = configured is null ? null : new Dictionary<string, string?> { [$"Parameters:{name}"] = configured },
        });
        return (builder, builder.AddParameter(name, secret));
    }
}
