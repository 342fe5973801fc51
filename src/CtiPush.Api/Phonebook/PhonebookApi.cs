using CtiPush.Admin;

namespace CtiPush.Phonebook;

/// <summary>The phonebook: contacts whose names the call log shows, edited one by one or imported as CSV, behind the admin key.</summary>
public static class PhonebookApi
{
    public static IHostApplicationBuilder AddPhonebook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ContactImporter>();
        builder.Services.AddScoped<ContactDependents>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPhonebookApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Phonebook").RequireAdmin();

        ContactsApi.Map(contacts);
        ContactFilesApi.Map(contacts);
        return app;
    }
}
