using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CtiPush.Admin;

/// <summary>Marks the operations that need the admin key, so Swagger UI sends it once "Authorize" is filled in.</summary>
internal sealed class AdminKeyRequirement : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminAuthentication.KeyScheme, context.Document)] = [] }];
        }
    }
}
