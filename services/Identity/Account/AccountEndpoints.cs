using System.Reflection;

namespace Platform.Identity.Account;

/// <summary>The sign-in pages under <c>/account</c>, all anonymous (they are how one gets signed in).</summary>
public static class AccountEndpoints
{
    private const string StaticPrefix = "account-static/";

    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapGet("/login", LoginEndpoints.Show);
        account.MapPost("/login", LoginEndpoints.Submit);
        account.MapGet("/change-password", PasswordEndpoints.Show);
        account.MapPost("/change-password", PasswordEndpoints.Submit);
        account.MapGet("/totp", TotpEndpoints.ShowCode);
        account.MapPost("/totp", TotpEndpoints.SubmitCode);
        account.MapGet("/totp/setup", TotpEndpoints.ShowSetup);
        account.MapPost("/totp/setup", TotpEndpoints.SubmitSetup);
        account.MapGet("/logout", LogoutPages.Show);
        account.MapPost("/logout", LogoutPages.Submit);
        account.MapGet("/logged-out", (HttpContext context) => LogoutPages.LoggedOut(context));
        account.MapGet("/static/{file}", StaticFile);
        return app;
    }

    /// <summary>The embedded stylesheet (and any other file under Account/static), cached for a day.</summary>
    private static IResult StaticFile(HttpContext context, string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(StaticPrefix + file);
        if (stream is null)
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var contentType = Path.GetExtension(file) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, contentType);
    }
}
