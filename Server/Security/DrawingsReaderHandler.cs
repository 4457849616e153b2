using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Drawings;

namespace MnistBlazor.Server.Security;

/// <summary>The requirement of <see cref="OwnerAccess.DrawingsReaderPolicy"/>: met by anyone, or by the owner alone where the drawings are private.</summary>
public sealed class DrawingsReaderRequirement : IAuthorizationRequirement;

public sealed class DrawingsReaderHandler(IOptions<DrawingsOptions> options) : AuthorizationHandler<DrawingsReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DrawingsReaderRequirement requirement)
    {
        if (OwnerAccess.MayReadDrawings(options.Value.Private, context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
