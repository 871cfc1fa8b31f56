using Platform.Gateway.Forwarding;

namespace Platform.Gateway.Tests;

public sealed class ClusterStateTests
{
    private static readonly ActiveHealthSettings Probing = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), "/health", 2);

    [Fact]
    public void Round_robin_visits_every_destination_in_turn()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a", "b", "c");

        var picks = Enumerable.Range(0, 6).Select(_ => cluster.PickDestination()!.Id);

        Assert.Equal(["a", "b", "c", "a", "b", "c"], picks);
    }

    [Fact]
    public void An_unhealthy_destination_is_skipped_and_the_rest_share_evenly()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a", "b", "c");
        MarkUnhealthy(cluster.Destinations[0]);

        var picks = Enumerable.Range(0, 4).Select(_ => cluster.PickDestination()!.Id).ToList();

        Assert.Equal(2, picks.Count(p => p == "b"));
        Assert.Equal(2, picks.Count(p => p == "c"));
    }

    [Fact]
    public void Threshold_consecutive_failures_are_needed_to_take_a_destination_out()
    {
        var destination = new DestinationState("a", "http://127.0.0.1:1", null);

        destination.ReportProbe(success: false, threshold: 2);
        var afterOne = destination.Health;
        destination.ReportProbe(success: false, threshold: 2);

        Assert.Equal(DestinationHealth.Unknown, afterOne);
        Assert.Equal(DestinationHealth.Unhealthy, destination.Health);
    }

    [Fact]
    public void One_successful_probe_brings_a_destination_back()
    {
        var destination = new DestinationState("a", "http://127.0.0.1:1", null);
        MarkUnhealthy(destination);

        destination.ReportProbe(success: true, threshold: 2);

        Assert.Equal(DestinationHealth.Healthy, destination.Health);
    }

    [Fact]
    public void With_every_destination_unhealthy_there_is_none_to_pick()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a", "b");
        MarkUnhealthy(cluster.Destinations[0]);
        MarkUnhealthy(cluster.Destinations[1]);

        Assert.Null(cluster.PickDestination());
    }

    [Fact]
    public void The_panic_policy_picks_an_unhealthy_destination_rather_than_none()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: true, "a");
        MarkUnhealthy(cluster.Destinations[0]);

        Assert.Equal("a", cluster.PickDestination()?.Id);
    }

    [Fact]
    public void A_retry_never_picks_the_destination_that_just_failed()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a", "b");

        var picks = Enumerable.Range(0, 4).Select(_ => cluster.PickDestination(exclude: cluster.Destinations[0])!.Id);

        Assert.All(picks, id => Assert.Equal("b", id));
    }

    [Fact]
    public void A_suspect_destination_is_avoided_while_another_is_available()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a", "b");
        cluster.Destinations[0].MarkSuspect(TimeSpan.FromMinutes(1));

        var picks = Enumerable.Range(0, 4).Select(_ => cluster.PickDestination()!.Id);

        Assert.All(picks, id => Assert.Equal("b", id));
    }

    [Fact]
    public void A_suspect_destination_is_still_used_when_it_is_the_only_one()
    {
        var cluster = Cluster(LoadBalancingPolicy.RoundRobin, panic: false, "a");
        cluster.Destinations[0].MarkSuspect(TimeSpan.FromMinutes(1));

        Assert.Equal("a", cluster.PickDestination()?.Id);
    }

    [Fact]
    public void Power_of_two_choices_prefers_the_less_busy_destination()
    {
        var cluster = Cluster(LoadBalancingPolicy.PowerOfTwoChoices, panic: false, "busy", "idle");
        for (var i = 0; i < 5; i++)
        {
            cluster.Destinations[0].RequestStarted();
        }

        var picks = Enumerable.Range(0, 20).Select(_ => cluster.PickDestination()!.Id);

        Assert.All(picks, id => Assert.Equal("idle", id));
    }

    private static ClusterState Cluster(LoadBalancingPolicy policy, bool panic, params string[] ids) =>
        new("c", new ClusterSettings(policy, panic, Probing, TimeSpan.FromSeconds(100), ClusterSettings.DefaultVersion, HttpVersionPolicy.RequestVersionOrLower),
            ids.Select((id, i) => new DestinationState(id, $"http://127.0.0.1:{1000 + i}", null)).ToList());

    private static void MarkUnhealthy(DestinationState destination)
    {
        destination.ReportProbe(success: false, threshold: 1);
        Assert.Equal(DestinationHealth.Unhealthy, destination.Health);
    }
}
