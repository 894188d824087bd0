// A running notebook sets the process's working directory to its own folder, one per process;
// the tests that execute releases therefore run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
