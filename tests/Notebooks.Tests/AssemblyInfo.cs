// A running notebook sets the process's working directory to its own folder (as a live kernel
// does), and that directory is one per process. Tests that execute notebooks therefore run one
// at a time; run in parallel, one could read or reset another's working directory.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
