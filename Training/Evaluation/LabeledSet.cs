using MnistBlazor.Shared.Data;

namespace MnistBlazor.Training.Evaluation;

/// <summary>Labelled images to measure a model on, with the name recorded in its metrics (e.g. "mnist-test").</summary>
public sealed record LabeledSet(string Name, LabeledImages Images);
