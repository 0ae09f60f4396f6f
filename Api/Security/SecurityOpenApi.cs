using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Booking.Api.Security;

/// <summary>
/// Puts the two credentials into the OpenAPI document: the admin bearer JWT on the operations that
/// require it, and the appointment token (header <c>X-Appointment-Token</c>) on an appointment's own.
/// </summary>
public static class SecurityOpenApi
{
    private const string Bearer = "admin-jwt";
    private const string AppointmentToken = "appointment-token";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An admin token from POST /api/auth/token.",
            };
            document.Components.SecuritySchemes[AppointmentToken] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AppointmentTokens.Header,
                Description = "The access_token of the booking answer (or query parameter access_token).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var admin = metadata.OfType<IAuthorizeData>().Any();
            var ownToken = context.Description.RelativePath?.StartsWith("api/appointments/{id}", StringComparison.Ordinal) == true;
            if (admin || ownToken)
            {
                var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] };
                operation.Security = [requirement];
                if (ownToken)
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AppointmentToken, context.Document)] = [] });
                }
            }

            return Task.CompletedTask;
        });
    }
}
