namespace MnistBlazor.Training.Recipes;

public enum RecipeKind
{
    /// <summary>AdamW, one-cycle learning rate, batch 128, the styles augmentation (light plus the writing styles MNIST lacks).</summary>
    Modern,

    /// <summary>The Kaggle study's settings: Adadelta at the TF1 default rate, batch 16, the study's epochs.</summary>
    Study,
}
