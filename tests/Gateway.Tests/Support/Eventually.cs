namespace Platform.Gateway.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds. The deadline only bounds a broken run;
    /// nothing is asserted about how long it took.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {seconds} s: {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
