namespace MnistBlazor.Training.Recipes;

/// <summary>Which augmentation an augmented recipe uses (see <see cref="Data.AugmentationSettings"/>).</summary>
public enum AugmentationKind
{
    /// <summary>Small rotation, scale and shift.</summary>
    Light,

    /// <summary>Light plus slant, elastic distortion and stroke thickness changes, for drawn digits.</summary>
    Drawn,

    /// <summary>Light plus handwriting conventions MNIST rarely shows: the flagged 1, the crossed 7, the 9 with a curled tail.</summary>
    Styles,
}
