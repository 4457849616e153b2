using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Security;

/// <summary>
/// Data Protection's key ring in the drawings database (ASP.NET Core's <see cref="IXmlRepository"/>), so every
/// server instance on one shared database reads and writes the same keys.
/// </summary>
/// <param name="store">The open store, asked on each call (the server opens it on first use and again after a refusal).</param>
public sealed class KeyRingDatabaseRepository(Func<DrawingStore> store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store().ReadDataProtectionKeys().Select(xml => XElement.Parse(xml)).ToArray();

    public void StoreElement(XElement element, string friendlyName) =>
        store().StoreDataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
