// Torch's default random generator is process-wide: tests that seed it (initialisation, augmentation,
// exact resume) would see each other's draws if they ran in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
