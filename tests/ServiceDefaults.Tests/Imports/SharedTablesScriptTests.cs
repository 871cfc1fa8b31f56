using Platform.ServiceDefaults.Tests.Messaging;

namespace Platform.ServiceDefaults.Tests.Imports;

public sealed class SharedTablesScriptTests
{
    [Fact]
    public void Projects_and_targets_ship_the_same_shared_tables_script() =>
        Assert.Equal(SharedTablesDatabase.SharedTablesSql("Projects"), SharedTablesDatabase.SharedTablesSql("Targets"));
}
