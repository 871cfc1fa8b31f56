using Platform.Projects.Extensions;

namespace Platform.Projects.Tests.Model;

public class OptionsTests
{
    [Fact]
    public void The_defaults_are_valid_40_mb_uploads()
    {
        var options = new ProjectsOptions();
        Assert.Empty(options.Problems());
        Assert.Equal(40L * 1024 * 1024, options.ImportMaxUploadBytes);
    }

    [Fact]
    public void Settings_out_of_range_are_named_by_their_key()
    {
        var problems = new ProjectsOptions { ImportMaxUploadBytes = 10, ImportMaxRows = 0, ExportMaxRows = 2_000_000 }.Problems().ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'Projects:Imports:MaxUploadBytes'"));
        Assert.Contains(problems, p => p.Contains("'Projects:Imports:MaxRows'"));
        Assert.Contains(problems, p => p.Contains("'Projects:Exports:MaxRows'"));
    }
}
