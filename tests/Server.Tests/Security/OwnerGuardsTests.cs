using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>The interactive pages' services: reading for everyone, changes for the owner only.</summary>
public sealed class OwnerGuardsTests : IDisposable
{
    private static readonly StrokeDrawing OneStroke = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);

    private readonly DrawingsAppFactory app = new();

    public void Dispose() => app.Dispose();

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private static ClaimsPrincipal Visitor => new(new ClaimsIdentity());

    private static ClaimsPrincipal Owner => new(new ClaimsIdentity([new Claim(OwnerAccess.ClaimType, "password")], "Cookies"));

    private OwnerGuardedDrawings Drawings(ClaimsPrincipal user) =>
        new(app.Services.GetRequiredService<DrawingService>(), new CircuitOwner(new FixedUser(user)));

    [Fact]
    public async Task A_visitor_sees_the_drawings_but_cannot_save_relabel_or_delete()
    {
        var id = await Drawings(Owner).SaveAsync(4, OneStroke, null, []);
        var visitor = Drawings(Visitor);

        Assert.Single(await visitor.ListAsync());
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.SaveAsync(1, OneStroke, null, []));
        Assert.Contains("sign in at /signin", refused.Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.RelabelAsync(id, 5));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.SetReadAsOneDigitAsync(id, true));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.DeleteAsync(id));
        var deleted = await Drawings(Owner).DeleteAsync(id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.SaveAgainAsync(deleted!));
        await Drawings(Owner).SaveAgainAsync(deleted!);

        var kept = Assert.Single(await visitor.ListAsync());
        Assert.Equal(4, kept.Label);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => visitor.ArchivePartsAsync()); // the archives are the owner's, as every export
        Assert.Equal(kept.Id, Assert.Single(await Drawings(Owner).ArchivePartsAsync()).FirstId);
    }

    [Fact]
    public async Task Private_drawings_are_read_by_the_owner_alone()
    {
        using var privateApp = new DrawingsAppFactory(new Dictionary<string, string> { ["Drawings:Private"] = "true" });
        OwnerGuardedDrawings For(ClaimsPrincipal user) => new(privateApp.Services.GetRequiredService<DrawingService>(), new CircuitOwner(new FixedUser(user)));
        var id = await For(Owner).SaveAsync(4, OneStroke, null, []);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => For(Visitor).ListAsync());
        Assert.Contains("private on this server", refused.Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => For(Visitor).GetAsync(id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => For(Visitor).MeasureAsync());

        Assert.Single(await For(Owner).ListAsync());
        Assert.NotNull(await For(Owner).GetAsync(id));
        Assert.Equal(1, (await For(Owner).MeasureAsync()).DrawingCount);
    }

    [Fact]
    public async Task A_digit_read_from_an_image_is_saved_by_the_owner_alone_as_its_image_and_never_blank()
    {
        var digit = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(OneStroke));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Drawings(Visitor).SaveImageAsync(1, digit, []));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            Drawings(Owner).SaveImageAsync(1, DigitPreprocessor.Preprocess(new GrayImage(40, 40, new float[40 * 40])), []));
        Assert.StartsWith("Nothing to save: nothing drawn", refused.Message);
        var id = await Drawings(Owner).SaveImageAsync(1, digit, []);

        var saved = await Drawings(Visitor).GetAsync(id);
        Assert.NotNull(saved);
        Assert.True(saved.FromImage);
        Assert.Equal(1, saved.Summary.Label);
        Assert.Equal(MnistBlazor.Shared.Drawings.DrawingImage.ToBytes(digit.Pixels), saved.Summary.Image);
        Assert.Single(await Drawings(Visitor).ListAsync());
    }

    [Fact]
    public async Task The_owner_relabels_and_deletes()
    {
        var owner = Drawings(Owner);
        var id = await owner.SaveAsync(4, OneStroke, null, []);

        Assert.True(await owner.RelabelAsync(id, 5));
        Assert.True(await owner.SetReadAsOneDigitAsync(id, true));
        Assert.True(Assert.Single(await owner.ListAsync()).ReadAsOneDigit);
        var deleted = await owner.DeleteAsync(id);
        Assert.Equal(5, deleted?.Summary.Label);
        Assert.Empty(await owner.ListAsync());

        var again = await owner.SaveAgainAsync(deleted!);
        Assert.Equal(5, Assert.Single(await owner.ListAsync(), d => d.Id == again).Label);
    }

    [Fact]
    public async Task Drawings_beyond_the_limits_are_not_saved_from_a_page_either()
    {
        var scribble = new StrokeDrawing(280, 280, [new Stroke(
            Enumerable.Range(0, 500).Select(i => new StrokePoint(i % 2 == 0 ? 100 : 150, 140)).ToArray(), 20)]);

        await Assert.ThrowsAsync<ArgumentException>(() => Drawings(Owner).SaveAsync(1, scribble, null, []));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Drawings(Owner).SaveAsync(1, OneStroke with { Strokes = [OneStroke.Strokes[0] with { Width = 280 }] }, null, []));
    }

    [Fact]
    public void A_visitor_cannot_switch_or_delete_model_versions()
    {
        ModelVersions.KeepCurrent(app.Models.Directory, ModelCatalog.SimpleCnn.Id);
        var versions = new OwnerGuardedModelVersions(app.Services.GetRequiredService<ModelVersionService>(), new CircuitOwner(new FixedUser(Visitor)));

        Assert.Equal("original", Assert.Single(Assert.Single(versions.List()).Versions).Name);
        Assert.Throws<UnauthorizedAccessException>(() => versions.Activate(ModelCatalog.SimpleCnn.Id, "original"));
        Assert.Throws<UnauthorizedAccessException>(() => versions.Delete(ModelCatalog.SimpleCnn.Id, "original"));
        Assert.Single(ModelVersions.List(app.Models.Directory, ModelCatalog.SimpleCnn.Id));
    }

    [Fact]
    public void A_visitor_cannot_start_or_stop_the_full_training()
    {
        var training = new OwnerGuardedFullTraining(app.Services.GetRequiredService<AutoTrainingService>(), new CircuitOwner(new FixedUser(Visitor)));

        Assert.Throws<UnauthorizedAccessException>(() => training.Start([ModelCatalog.SimpleCnn.Id]));
        Assert.Throws<UnauthorizedAccessException>(training.Stop);
        Assert.Equal(AutoTrainingState.Idle, app.Services.GetRequiredService<AutoTrainingService>().Current.State);
    }

    [Fact]
    public void A_visitor_cannot_start_or_stop_a_fine_tune_but_sees_its_outcomes()
    {
        var service = app.Services.GetRequiredService<AutoTrainingService>();
        var fineTuning = new OwnerGuardedFineTuning(service, app.Drawings, new CircuitOwner(new FixedUser(Visitor)));

        Assert.Throws<UnauthorizedAccessException>(fineTuning.Start);
        Assert.Throws<UnauthorizedAccessException>(fineTuning.Stop);
        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
        Assert.Null(fineTuning.Progress());
        Assert.Equal(service.LatestOutcomes(), fineTuning.LatestOutcomes());
    }

    [Fact]
    public void Where_the_drawings_are_private_a_visitor_sees_how_many_held_back_drawings_a_fine_tune_changed_not_which()
    {
        using var privateApp = new DrawingsAppFactory(new Dictionary<string, string> { ["Drawings:Private"] = "true" });
        var version = ModelVersions.FilesOf(privateApp.Models.Directory, ModelCatalog.SimpleCnn.Id, "finetune-20261206-180000");
        Directory.CreateDirectory(version.Directory);
        File.WriteAllText(version.Onnx, "a fine-tuned version");
        RecordFile.Write(Path.Combine(version.Directory, FineTuneReport.FileName), new FineTuneReport
        {
            ModelId = ModelCatalog.SimpleCnn.Id, Version = "finetune-20261206-180000", StartedFrom = ModelVersions.OriginalName,
            HeldOutDrawingIds = [40, 41, 42], MisreadBefore = [new(41, 7, 1)], MisreadAfter = [],
        });
        var service = privateApp.Services.GetRequiredService<AutoTrainingService>();
        FineTuneOutcome LatestFor(ClaimsPrincipal user) =>
            Assert.Single(new OwnerGuardedFineTuning(service, privateApp.Drawings, new CircuitOwner(new FixedUser(user))).LatestOutcomes());

        var seenByVisitor = LatestFor(Visitor);
        var seenByOwner = LatestFor(Owner);

        Assert.True(seenByVisitor.DrawingsHidden);
        Assert.Equal([1L, 2, 3], seenByVisitor.Report.HeldOutDrawingIds);
        Assert.Equal([new HeldOutMisreading(2, HeldOutMisreading.Hidden, HeldOutMisreading.Hidden)], seenByVisitor.Report.Changes()!.NowRight);
        Assert.False(seenByOwner.DrawingsHidden);
        Assert.Equal([new HeldOutMisreading(41, 7, 1)], seenByOwner.Report.Changes()!.NowRight);
    }

    [Fact]
    public void The_pages_get_the_guarded_services()
    {
        using var scope = app.Services.CreateScope();

        Assert.IsType<OwnerGuardedDrawings>(scope.ServiceProvider.GetRequiredService<ISavedDrawings>());
        Assert.IsType<OwnerGuardedModelVersions>(scope.ServiceProvider.GetRequiredService<IModelVersions>());
        Assert.IsType<OwnerGuardedFullTraining>(scope.ServiceProvider.GetRequiredService<IFullTraining>());
        Assert.IsType<OwnerGuardedFineTuning>(scope.ServiceProvider.GetRequiredService<IFineTuning>());
    }
}
