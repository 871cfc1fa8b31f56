using Platform.ServiceDefaults.Migrations;

namespace Platform.ServiceDefaults.Tests.Migrations;

public sealed class MigrationScriptTests
{
    [Fact]
    public void File_name_gives_version_and_name()
    {
        var script = MigrationScript.Create("V012__add_review_rounds.sql", "SELECT 1;");

        Assert.Equal((12, "add_review_rounds", "V012__add_review_rounds"), (script.Version, script.Name, script.Id));
    }

    [Theory]
    [InlineData("001__missing_prefix.sql")]
    [InlineData("V1_single_underscore.sql")]
    [InlineData("V2__has-dash.sql")]
    [InlineData("Vx__not_a_number.sql")]
    public void Other_file_names_are_refused(string fileName) =>
        Assert.Throws<MigrationException>(() => MigrationScript.Create(fileName, "SELECT 1;"));

    [Fact]
    public void Line_endings_do_not_change_the_checksum() =>
        Assert.Equal(
            MigrationScript.Create("V001__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n").Checksum,
            MigrationScript.Create("V001__a.sql", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n").Checksum);

    [Fact]
    public void Any_other_change_does() =>
        Assert.NotEqual(
            MigrationScript.Create("V001__a.sql", "CREATE TABLE a (id int);").Checksum,
            MigrationScript.Create("V001__a.sql", "CREATE TABLE a (id bigint);").Checksum);

    [Fact]
    public void Two_scripts_with_one_version_are_refused()
    {
        var error = Assert.Throws<MigrationException>(() => MigrationScript.Ordered([
            MigrationScript.Create("V001__a.sql", "SELECT 1;"),
            MigrationScript.Create("V001__b.sql", "SELECT 2;"),
        ]));

        Assert.Contains("V001__a", error.Message, StringComparison.Ordinal);
        Assert.Contains("V001__b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_are_ordered_by_version_not_by_name()
    {
        var ordered = MigrationScript.Ordered([
            MigrationScript.Create("V10__later.sql", "SELECT 1;"),
            MigrationScript.Create("V9__earlier.sql", "SELECT 1;"),
        ]);

        Assert.Equal([9, 10], ordered.Select(s => s.Version));
    }
}
