using Platform.AppHost.SignIn;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>What the run prints to sign in with, from the files identity writes into the data folder.</summary>
public sealed class SignInReportTests
{
    private const string Portal = "http://127.0.0.1:8080";

    private readonly string _folder = TestFolder.Create("signin");
    private readonly List<string> _printed = [];

    [Fact]
    public void Demo_mode_prints_a_heading_a_table_of_every_account_and_the_portal_address()
    {
        File.WriteAllLines(Path.Combine(_folder, "demo-accounts.txt"),
        [
            "sx-operator\tDemo-Pass-2024\t平台运维\t山西省财政厅\t山西省 140000",
            "",
            "yq-perf\tDemo-Pass-2024\t绩效科人员\t阳泉市财政局绩效科\t阳泉市 140300",
        ]);

        new SignInReport(_folder, demo: true).Print(_printed.Add, Portal);

        Assert.Contains("演示账号", _printed[0]);
        Assert.Matches(@"^\s*用户名\s+密码\s+角色\s+机构\s+区划$", _printed[1]);
        Assert.Matches(@"^\s*sx-operator\s+Demo-Pass-2024\s+平台运维\s+山西省财政厅\s+山西省 140000$", _printed[2]);
        Assert.Matches(@"^\s*yq-perf\s+Demo-Pass-2024\s+绩效科人员\s+阳泉市财政局绩效科\s+阳泉市 140300$", _printed[3]);
        Assert.Equal("门户登录地址: http://127.0.0.1:8080/", _printed[4]);
        Assert.Equal(5, _printed.Count);
        Assert.True(File.Exists(Path.Combine(_folder, "demo-accounts.txt")), "the demo list is printed on every run");
    }

    [Fact]
    public void Columns_line_up_in_terminal_cells_with_Chinese_text()
    {
        string[][] rows = [["用户名", "密码", "x"], ["longer-name", "p", "y"], ["阳泉", "pw", "z"]];

        var lines = ConsoleTable.Format(rows);

        // The second and third columns start at the same terminal cell on every line.
        for (var column = 1; column < 3; column++)
        {
            var starts = lines.Select((line, i) => ConsoleTable.DisplayWidth(line[..line.IndexOf(rows[i][column], rows[i][0].Length, StringComparison.Ordinal)])).ToList();
            Assert.Single(starts.Distinct());
        }
        Assert.Equal("longer-name  p     y", lines[1]);
    }

    [Fact]
    public void A_heading_line_written_by_identity_is_not_printed_as_an_account()
    {
        File.WriteAllLines(Path.Combine(_folder, "demo-accounts.txt"), ["用户名\t密码\t角色\t机构\t区划", "u1\tpw\tr\to\tg"]);

        new SignInReport(_folder, demo: true).Print(_printed.Add, Portal);

        Assert.Single(_printed, l => l.Contains("用户名", StringComparison.Ordinal));
        Assert.Contains("共 1 个", _printed[0]);
    }

    [Fact]
    public void A_missing_demo_list_is_said_in_one_line()
    {
        new SignInReport(_folder, demo: true).Print(_printed.Add, Portal);

        Assert.Equal(2, _printed.Count);
        Assert.Contains("demo-accounts.txt", _printed[0]);
        Assert.Contains("不存在", _printed[0]);
        Assert.Equal("门户登录地址: http://127.0.0.1:8080/", _printed[1]);
    }

    [Fact]
    public void The_bootstrap_password_is_printed_once_and_its_file_deleted()
    {
        var file = Path.Combine(_folder, "bootstrap-admin.txt");
        File.WriteAllLines(file, ["admin\tOnce-Only-9xQ\t平台运维\t山西省财政厅\t山西省"]);
        var report = new SignInReport(_folder, demo: false);

        report.Print(_printed.Add, Portal);
        var first = _printed.ToList();
        _printed.Clear();
        report.Print(_printed.Add, Portal);

        Assert.Contains("一次性密码", first[0]);
        Assert.Matches(@"^\s*用户名\s+密码\s+角色\s+机构\s+区划$", first[1]);
        Assert.Matches(@"^\s*admin\s+Once-Only-9xQ\s+平台运维\s+山西省财政厅\s+山西省$", first[2]);
        Assert.False(File.Exists(file));
        Assert.Equal(["门户登录地址: http://127.0.0.1:8080/"], _printed);
    }

    [Fact]
    public void A_bootstrap_file_in_free_text_is_printed_as_it_is()
    {
        File.WriteAllLines(Path.Combine(_folder, "bootstrap-admin.txt"), ["用户名: admin", "一次性密码: Once-Only-9xQ"]);

        new SignInReport(_folder, demo: false).Print(_printed.Add, null);

        Assert.Equal(["  用户名: admin", "  一次性密码: Once-Only-9xQ"], _printed.Skip(1));
    }

    [Fact]
    public void Outside_demo_mode_the_demo_list_is_not_printed()
    {
        File.WriteAllLines(Path.Combine(_folder, "demo-accounts.txt"), ["u1\tDemo-Pass-2024\tr\to\tg"]);

        new SignInReport(_folder, demo: false).Print(_printed.Add, Portal);

        Assert.DoesNotContain(_printed, l => l.Contains("Demo-Pass-2024", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("阳泉市", 6)]
    [InlineData("盂县 140322", 11)]
    [InlineData("", 0)]
    public void Display_width_counts_Chinese_characters_as_two_cells(string text, int cells) =>
        Assert.Equal(cells, ConsoleTable.DisplayWidth(text));
}
