// One test at a time: LibTorch already runs on one thread here (TorchTestSetup), and a run with test classes in
// parallel once failed inside LibTorch's add (a Scalar read with an invalid tag), a race no single test shows.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
