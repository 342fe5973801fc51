using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CtiPush.People;

/// <summary>Marks the operations that need a role, so Swagger UI sends the bearer once "Authorize" is filled in.</summary>
internal sealed class BearerRequirement : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerHandler.SchemeName, context.Document)] = [] }];
        }
    }
}
