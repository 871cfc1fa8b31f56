using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Tests.Scope;

public sealed class CallerScopeTests
{
    [Fact]
    public void Nobody_is_current_outside_any_scope() => Assert.Null(CallerScope.Current);

    [Fact]
    public void Scope_sets_the_caller_until_disposed_and_restores_the_outer_one()
    {
        var county = Caller.FromPrincipal(Claims.User("140322", RegionLevels.County));

        using (CallerScope.Begin(county))
        {
            using (CallerScope.BeginSystem())
            {
                Assert.Same(Caller.System, CallerScope.Current);
            }
            Assert.Same(county, CallerScope.Current);
        }

        Assert.Null(CallerScope.Current);
    }

    [Fact]
    public async Task Caller_flows_into_awaited_work_but_not_back_out_of_it()
    {
        var city = Caller.FromPrincipal(Claims.User("140300", RegionLevels.City));

        await Task.Run(() => CallerScope.Begin(city), TestContext.Current.CancellationToken);
        Assert.Null(CallerScope.Current);

        using (CallerScope.Begin(city))
        {
            var seen = await Task.Run(() => CallerScope.Current, TestContext.Current.CancellationToken);
            Assert.Same(city, seen);
        }
    }
}
