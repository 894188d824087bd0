namespace ScoreNotebooks.Torch.Training;

/// <summary>One optimisation step of <see cref="Trainer"/>.</summary>
/// <param name="Step">The step number t ≥ 1.</param>
/// <param name="Loss">The minibatch loss at step t, before the update.</param>
/// <param name="Elapsed">The time since training started.</param>
public sealed record TrainingStep(int Step, double Loss, TimeSpan Elapsed);
