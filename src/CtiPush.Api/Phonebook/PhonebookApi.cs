using CtiPush.People;
using CtiPush.Privacy;

namespace CtiPush.Phonebook;

/// <summary>The phonebook: contacts whose names the call log shows, edited one by one or imported as CSV; agents and admins.</summary>
public static class PhonebookApi
{
    public static IHostApplicationBuilder AddPhonebook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ContactImporter>();
        builder.Services.AddScoped<ContactDependents>();
        builder.Services.AddScoped<IPersonalData, ContactPersonalData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPhonebookApi(this IEndpointRouteBuilder app)
    {
        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Phonebook").RequireRole(Roles.Agent); // agents keep the phonebook

        ContactsApi.Map(contacts);
        ContactFilesApi.Map(contacts);
        return app;
    }
}
