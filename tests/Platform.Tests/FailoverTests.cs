using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Tests;

/// <summary>What the platform does when a replica, a whole service or Redis goes away; each test has its own graph.</summary>
public sealed class FailoverTests
{
    private sealed record Caller(string Service, string Instance);

    [Fact]
    public async Task A_replica_killed_under_load_fails_no_idempotent_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        await using var app = await PlatformGraphFactory.StartAsync(issuer, o =>
        {
            o.Resources = [ResourceNames.Gateway, ResourceNames.Projects];
            o.Replicas[ResourceNames.Projects] = 2;
        }, ct);
        using var gateway = app.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.MintToken(ResourceNames.Projects));
        var victim = app.ResourceNotifications.GetSnapshot(ResourceNames.Projects).Replicas[0].InstanceId;

        var failures = new ConcurrentQueue<string>();
        var answeredBy = new ConcurrentDictionary<string, int>();
        var afterKill = 0;
        var killed = new TaskCompletionSource();

        async Task Client()
        {
            // Each client runs until 150 requests have been answered after the kill.
            while (Volatile.Read(ref afterKill) < 150)
            {
                var wasKilled = killed.Task.IsCompleted;
                try
                {
                    using var response = await gateway.GetAsync("/api/projects/caller", ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    }
                    else
                    {
                        var caller = await response.Content.ReadFromJsonAsync<Caller>(ct);
                        answeredBy.AddOrUpdate(caller!.Instance, 1, (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
                if (wasKilled)
                {
                    Interlocked.Increment(ref afterKill);
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(Client, ct)).ToArray();
        // Kill while both replicas are serving: some requests are in flight on the victim at that moment.
        while (!answeredBy.ContainsKey(victim) || answeredBy.Count < 2)
        {
            await Task.Delay(20, ct);
        }
        app.KillReplica(ResourceNames.Projects, replica: 0);
        killed.SetResult();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(2), ct);

        Assert.Empty(failures);
        Assert.True(afterKill >= 150);
    }

    [Fact]
    public async Task A_stopped_service_answers_503_and_serves_again_when_started()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        await using var app = await PlatformGraphFactory.StartAsync(issuer, o => o.Resources = [ResourceNames.Gateway, ResourceNames.Vendors], ct);
        using var gateway = app.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.MintToken(ResourceNames.Vendors));
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/vendors/caller", ct)).StatusCode);

        await app.StopResourceAsync(ResourceNames.Vendors);
        // Until the probe notices, a refused connection is a 502; once it has, the cluster has no healthy destination: 503.
        var problem = await Eventually(async () =>
        {
            using var response = await gateway.GetAsync("/api/vendors/caller", ct);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await response.Content.ReadAsStringAsync(ct) : null;
        }, ct);
        Assert.Contains("application/problem+json", (await gateway.GetAsync("/api/vendors/caller", ct)).Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain("127.0.0.1", problem);

        await app.StartResourceAsync(ResourceNames.Vendors);
        await app.WaitForResourceHealthyAsync(ResourceNames.Vendors, ct);
        await Eventually(async () =>
        {
            using var response = await gateway.GetAsync("/api/vendors/caller", ct);
            return response.StatusCode == HttpStatusCode.OK ? "ok" : null;
        }, ct);
    }

    [Fact]
    public async Task Services_keep_serving_while_Redis_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        await using var app = await PlatformGraphFactory.StartAsync(issuer, o => o.Resources = [ResourceNames.Gateway, ResourceNames.Monitoring], ct);
        using var gateway = app.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.MintToken(ResourceNames.Monitoring));

        await app.StopResourceAsync(ResourceNames.Redis);

        using var response = await gateway.GetAsync("/api/monitoring/caller", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var direct = app.CreateHttpClient(ResourceNames.Monitoring);
        var health = await Eventually(async () =>
        {
            var body = await direct.GetStringAsync("/health", ct);
            return body.Contains("Degraded", StringComparison.Ordinal) ? body : null;
        }, ct);
        Assert.DoesNotContain("Unhealthy", health);
    }

    private static async Task<string> Eventually(Func<Task<string?>> probe, CancellationToken ct)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }
            await Task.Delay(200, patience.Token);
        }
    }
}
