namespace MnistBlazor.Training.Recipes;

/// <summary>Which augmentation an augmented recipe uses (see <see cref="Data.AugmentationSettings"/>).</summary>
public enum AugmentationKind
{
    /// <summary>Small rotation, scale and shift.</summary>
    Light,

    /// <summary>Light plus slant, elastic distortion and stroke thickness changes, for drawn digits.</summary>
    Drawn,
}
