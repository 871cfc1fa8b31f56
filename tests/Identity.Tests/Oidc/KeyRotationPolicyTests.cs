using Platform.Identity.Oidc;
using Platform.Identity.Oidc.Keys;

namespace Platform.Identity.Tests.Oidc;

/// <summary>The rotation rule at its boundaries: when the next key is created, when it signs, when the old one goes.</summary>
public sealed class KeyRotationPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly OidcOptions Options = new()
    {
        Issuer = "https://sso.test",
        KeyRotationInterval = TimeSpan.FromDays(90),
        KeyPropagationTime = TimeSpan.FromDays(14),
        KeyRetentionDuration = TimeSpan.FromDays(14),
    };

    [Fact]
    public void Without_keys_a_key_that_signs_at_once_is_created()
    {
        var plan = KeyRotationPolicy.Decide([], T0, Options);

        Assert.NotNull(plan);
        Assert.Equal(T0, plan.NewKeyActivatesAt);
        Assert.Empty(plan.Retirements);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    public void The_successor_is_created_propagation_time_before_the_rotation_interval_ends(int ticksFromDay76, bool due)
    {
        var current = new KeyTimeline("k1", T0, T0, null, null);
        var now = T0.AddDays(90 - 14).AddTicks(ticksFromDay76);

        var plan = KeyRotationPolicy.Decide([current], now, Options);

        Assert.Equal(due, plan is not null);
        if (plan is not null)
        {
            Assert.Equal(now.AddDays(14), plan.NewKeyActivatesAt);
            Assert.Equal(new KeyRetirement("k1", now.AddDays(14), now.AddDays(28)), Assert.Single(plan.Retirements));
        }
    }

    [Fact]
    public void Nothing_is_due_while_the_successor_propagates()
    {
        var current = new KeyTimeline("k1", T0, T0, T0.AddDays(90), T0.AddDays(104));
        var next = new KeyTimeline("k2", T0.AddDays(76), T0.AddDays(90), null, null);

        Assert.Null(KeyRotationPolicy.Decide([current, next], T0.AddDays(89), Options));
    }

    [Theory]
    [InlineData(-1, "k1")]
    [InlineData(0, "k2")]
    public void The_successor_signs_from_its_activation_and_the_old_key_stops(int secondsFromActivation, string signer)
    {
        var activation = T0.AddDays(90);
        var keys = new[]
        {
            new KeyTimeline("k1", T0, T0, activation, activation.AddDays(14)),
            new KeyTimeline("k2", T0.AddDays(76), activation, null, null),
        };
        var now = activation.AddSeconds(secondsFromActivation);

        Assert.Equal(signer, KeyRotationPolicy.SigningKey(keys, now, k => k)!.Kid);
        Assert.All(keys, k => Assert.True(k.IsPublishedAt(now)));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void A_retired_key_is_published_until_its_retention_ends(int secondsFromExpiry, bool published)
    {
        var expiry = T0.AddDays(104);
        var retired = new KeyTimeline("k1", T0, T0, T0.AddDays(90), expiry);

        Assert.Equal(published, retired.IsPublishedAt(expiry.AddSeconds(secondsFromExpiry)));
        Assert.False(retired.CanSignAt(expiry.AddSeconds(secondsFromExpiry)));
    }

    [Fact]
    public void When_nothing_can_sign_a_key_active_at_once_is_created_and_a_waiting_successor_is_retired()
    {
        var expired = new KeyTimeline("k1", T0, T0, T0.AddDays(1), T0.AddDays(2));
        var waiting = new KeyTimeline("k2", T0.AddDays(3), T0.AddDays(10), null, null);
        var now = T0.AddDays(5);

        var plan = KeyRotationPolicy.Decide([expired, waiting], now, Options);

        Assert.Equal(now, plan!.NewKeyActivatesAt);
        Assert.Equal(new KeyRetirement("k2", now, now.AddDays(14)), Assert.Single(plan.Retirements));
    }
}
