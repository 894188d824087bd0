namespace ScoreNotebooks.Coursework.Grading;

/// <summary>The limits a submission is graded under.</summary>
/// <param name="CellTimeout">The time limit of each cell.</param>
/// <param name="SubmissionTimeout">The time limit of the whole submission, every cell and restart together.</param>
/// <param name="MemoryCapBytes">The memory cap of the notebook's process.</param>
internal sealed record GradingLimits(TimeSpan CellTimeout, TimeSpan SubmissionTimeout, long MemoryCapBytes);
