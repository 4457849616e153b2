using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Ids_name_one_model_each_can_be_folder_names_and_never_clash_with_the_ensemble()
    {
        Assert.Equal(ModelCatalog.All.Select(m => m.Id), ModelCatalog.Ids);
        Assert.Equal(ModelCatalog.Ids.Count, ModelCatalog.Ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ModelCatalog.All.Count, ModelCatalog.All.Select(m => m.DisplayName).Distinct().Count());
        Assert.All(ModelCatalog.Ids, id =>
        {
            Assert.Equal(id.ToLowerInvariant(), id);
            Assert.True(id.IndexOfAny(Path.GetInvalidFileNameChars()) < 0, $"'{id}' is not a valid folder name");
        });
        Assert.DoesNotContain(ModelCatalog.EnsembleId, ModelCatalog.Ids, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_model_is_found_by_its_id_whatever_the_case()
    {
        Assert.All(ModelCatalog.All, spec =>
        {
            Assert.Same(spec, ModelCatalog.Get(spec.Id.ToUpperInvariant()));
            Assert.True(ModelCatalog.TryGet(spec.Id, out var found));
            Assert.Same(spec, found);
        });
    }

    [Fact]
    public void Unknown_ids_are_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("resnet"));

        Assert.Contains("'resnet'", error.Message);
        Assert.Contains(string.Join(", ", ModelCatalog.Ids), error.Message);
        Assert.False(ModelCatalog.TryGet(ModelCatalog.EnsembleId, out _));
    }

    [Fact]
    public void The_study_scores_shown_beside_ours_are_fractions()
    {
        Assert.All(ModelCatalog.All, spec => Assert.InRange(spec.StudyScore, 0.0, 1.0));
    }

    [Fact]
    public void Every_model_and_the_ensemble_has_its_own_css_colour_and_other_ids_a_neutral_one()
    {
        var colours = ModelCatalog.Ids.Append(ModelCatalog.EnsembleId).Select(ModelCatalog.ColorOf).ToList();

        Assert.All(colours, colour => Assert.Matches("^#[0-9a-f]{6}$", colour));
        Assert.Equal(colours.Count + 1, colours.Append(ModelCatalog.UnknownModelColor).Distinct().Count());
        Assert.Equal(ModelCatalog.CnnProjections.Color, ModelCatalog.ColorOf("cnn-proj"));
        Assert.Equal(ModelCatalog.EnsembleColor, ModelCatalog.ColorOf(ModelCatalog.EnsembleId));
        Assert.Equal(ModelCatalog.UnknownModelColor, ModelCatalog.ColorOf("resnet"));
    }
}
