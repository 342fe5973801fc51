using CtiPush.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CtiPush.People;

/// <summary>
/// Who is who: accounts (ASP.NET Core Identity on the service's database), roles, sessions, personal tokens, the
/// bootstrap key, and the audit list. Every other feature asks for a role with <see cref="Roles"/> and names the
/// author of a change with <see cref="AuditLog"/>.
/// </summary>
public static class PeopleSetup
{
    /// <summary>Bearer requests (key or token) go to the bearer handler, everything else to the session cookie.</summary>
    private const string EitherScheme = "BearerOrSession";

    public static IHostApplicationBuilder AddPeople(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddOptions<DisplayOptions>().BindConfiguration(DisplayOptions.Section)
            .Validate(display => DisplayOptions.IsKnownZone(display.TimeZone), "CallLog:TimeZone must be an IANA time zone, such as Europe/Berlin or UTC.")
            .ValidateOnStart();
        builder.Services.AddHostedService<BootstrapCheck>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Sessions>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<PbxNamesOfUser>();
        builder.Services.AddScoped<PbxNameLookup>();

        builder.Services.AddIdentityCore<Person>(identity =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase is strong without a digit in it.
                identity.Password.RequiredLength = 10;
                identity.Password.RequiredUniqueChars = 4;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<CtiPushDbContext>();

        var authentication = builder.Services.AddAuthentication(EitherScheme)
            .AddPolicyScheme(EitherScheme, "Bearer key or token, else the session cookie", policy =>
                policy.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? BearerHandler.SchemeName : Sessions.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerHandler.SchemeName, null)
            .AddCookie(Sessions.Scheme, cookie => Sessions.Configure(cookie, builder.Environment.IsDevelopment()));
        SingleSignOn.AddSingleSignOn(builder, authentication);
        Roles.AddPolicies(builder.Services.AddAuthorizationBuilder());

        builder.Services.ConfigureSwaggerGen(swagger =>
        {
            swagger.AddSecurityDefinition(BearerHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal token (ctp_…, from POST /api/v1/tokens) or the bootstrap admin key (Admin:ApiKey).",
            });
            swagger.OperationFilter<BearerRequirement>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        app.MapSessionApi();
        app.MapSingleSignOnApi();
        app.MapUsersApi();
        app.MapTokensApi();
        app.MapAuditApi();
        return app;
    }
}
