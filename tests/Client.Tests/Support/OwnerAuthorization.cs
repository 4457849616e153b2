using Bunit;
using Bunit.TestDoubles;
using MnistBlazor.Client.Owner;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>Who the page's user is, as the server's owner policy would decide.</summary>
public static class OwnerAuthorization
{
    /// <summary>The user is the server's owner; <see cref="AsVisitor"/> on the result makes them a visitor.</summary>
    public static BunitAuthorizationContext AsOwner(this BunitContext context)
    {
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("owner");
        authorization.SetPolicies(OwnerPolicy.Name);
        return authorization;
    }

    /// <summary>The user is a visitor: not signed in, so not the owner.</summary>
    public static void AsVisitor(this BunitAuthorizationContext authorization)
    {
        authorization.SetNotAuthorized();
        authorization.SetPolicies();
    }
}
