using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Identity;
using Platform.Identity.Apis;
using Platform.Identity.Directory;

namespace Platform.Identity.Tests.Directory;

/// <summary>Pure rules of the directory: where regions may go, one-time passwords, Chinese Identity errors.</summary>
public sealed class DirectoryRulesTests
{
    private static readonly Region Province = new() { Code = "140000", Name = "山西省", Level = RegionLevels.Province };
    private static readonly Region City = new() { Code = "140300", Name = "阳泉市", Level = RegionLevels.City, ParentCode = "140000" };
    private static readonly Region County = new() { Code = "140322", Name = "盂县", Level = RegionLevels.County, ParentCode = "140300" };

    [Theory]
    [InlineData("140371", RegionLevels.Zone, "city", true, null)]
    [InlineData("140399", RegionLevels.County, "city", false, null)]
    [InlineData("140500", RegionLevels.City, "province", false, null)]
    [InlineData("140471", RegionLevels.Zone, "city", true, "code")]
    [InlineData("140300", RegionLevels.Zone, "city", true, "code")]
    [InlineData("150100", RegionLevels.City, "province", false, "code")]
    [InlineData("140510", RegionLevels.City, "province", false, "code")]
    [InlineData("140371", RegionLevels.Zone, "province", true, "level")]
    [InlineData("140371", RegionLevels.City, "city", false, "level")]
    [InlineData("140399", RegionLevels.County, "city", true, "isLocalCode")]
    [InlineData("140323", RegionLevels.County, "county", false, "parentCode")]
    public void Placement_under_a_parent(string code, string level, string parentLevel, bool isLocalCode, string? failingField)
    {
        var parent = parentLevel switch { "province" => Province, "city" => City, _ => County };

        var errors = RegionRules.CheckPlacement(new CreateRegionRequest(code, "新区划", level, parent.Code, isLocalCode), parent);

        if (failingField is null)
        {
            Assert.False(errors.HasErrors, string.Join("; ", errors.Messages.SelectMany(m => m.Value)));
        }
        else
        {
            Assert.Contains(failingField, errors.Messages.Keys);
        }
    }

    [Theory]
    [InlineData("14037", "code")]
    [InlineData("1403７1", "code")]
    [InlineData(null, "code")]
    public void Region_code_is_six_ascii_digits(string? code, string field) =>
        Assert.Contains(field, RegionRules.Validate(new CreateRegionRequest(code, "区", RegionLevels.Zone, "140300", true)).Messages.Keys);

    [Fact]
    public void Province_cannot_be_created_through_the_api() =>
        Assert.Contains("level", RegionRules.Validate(new CreateRegionRequest("150000", "内蒙古", RegionLevels.Province, "140000", false)).Messages.Keys);

    [Fact]
    public async Task One_time_passwords_meet_the_password_policy_and_differ()
    {
        var users = UserManager();
        var passwords = Enumerable.Range(0, 200).Select(_ => OneTimePassword.Generate()).ToList();

        foreach (var password in passwords)
        {
            var result = await users.PasswordValidators.Single().ValidateAsync(users, new PlatformUser(), password);
            Assert.True(result.Succeeded, password);
            Assert.DoesNotContain(password, c => "0O1lI".Contains(c, StringComparison.Ordinal));
        }
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public async Task Password_policy_errors_are_in_chinese_under_the_password_field()
    {
        var users = UserManager();

        var result = await users.PasswordValidators.Single().ValidateAsync(users, new PlatformUser(), "abc");
        var problem = DirectoryProblems.FromIdentity(result);

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        var messages = Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors["password"];
        Assert.Contains("密码长度不能少于10位。", messages);
        Assert.Contains("密码至少要包含一个大写字母（A-Z）。", messages);
        Assert.Equal(4, messages.Length);
    }

    [Fact]
    public void Duplicate_user_name_is_a_409_on_the_user_name()
    {
        var result = IdentityResult.Failed(new ChineseIdentityErrorDescriber().DuplicateUserName("140322.unit-filer"));

        ProblemHttpResult problem = DirectoryProblems.FromIdentity(result);

        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal(["用户名“140322.unit-filer”已被使用。"], Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors["userName"]);
    }

    [Fact]
    public void Every_identity_error_has_a_chinese_description()
    {
        var describer = new ChineseIdentityErrorDescriber();
        var errors = typeof(IdentityErrorDescriber).GetMethods()
            .Where(m => m.ReturnType == typeof(IdentityError) && m.IsVirtual)
            .Select(m => (IdentityError)m.Invoke(describer, m.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)3 : "x").ToArray())!)
            .ToList();

        Assert.True(errors.Count >= 22);
        Assert.All(errors, e => Assert.Contains(e.Description, c => c >= '\u4e00' && c <= '\u9fff'));
    }

    /// <summary>A UserManager with the service's own registrations (policy, validators, describer); no store is touched.</summary>
    private static UserManager<PlatformUser> UserManager()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.AddDirectory();
        var services = builder.Services.BuildServiceProvider();
        return new UserManager<PlatformUser>(
            new NullStore(),
            services.GetRequiredService<IOptions<IdentityOptions>>(),
            services.GetRequiredService<IPasswordHasher<PlatformUser>>(),
            services.GetServices<IUserValidator<PlatformUser>>(),
            services.GetServices<IPasswordValidator<PlatformUser>>(),
            services.GetRequiredService<ILookupNormalizer>(),
            services.GetRequiredService<IdentityErrorDescriber>(),
            null!, // no token providers: they need data protection, and these tests never make tokens
            services.GetRequiredService<ILogger<UserManager<PlatformUser>>>());
    }

    private sealed class NullStore : IUserStore<PlatformUser>
    {
        public void Dispose()
        {
        }

        public Task<string> GetUserIdAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString());

        public Task<string?> GetUserNameAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.UserName);

        public Task SetUserNameAsync(PlatformUser user, string? userName, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string?> GetNormalizedUserNameAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedUserName);

        public Task SetNormalizedUserNameAsync(PlatformUser user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IdentityResult> CreateAsync(PlatformUser user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IdentityResult> UpdateAsync(PlatformUser user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IdentityResult> DeleteAsync(PlatformUser user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PlatformUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PlatformUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
