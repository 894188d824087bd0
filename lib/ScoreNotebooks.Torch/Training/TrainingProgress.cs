using System.Globalization;

namespace ScoreNotebooks.Torch.Training;

/// <summary>
/// The progress display of <see cref="Trainer"/>: one plain line every k steps with the step, the
/// last loss and the mean loss since the previous line. Plain lines, because a notebook shows console
/// output as a text stream under the cell and a console shows it as it comes. No clock time: a seeded
/// run prints the same lines every time, so an executed notebook is the same file from run to run
/// (<see cref="TrainingStep.Elapsed"/> keeps the time for whoever wants it).
/// </summary>
internal sealed class TrainingProgress(int steps, int every, TextWriter writer)
{
    private double sum;
    private int count;

    public void Record(TrainingStep step)
    {
        if (every == 0)
            return;
        sum += step.Loss;
        count++;
        if (step.Step % every != 0 && step.Step != steps)
            return;
        int width = steps.ToString(CultureInfo.InvariantCulture).Length;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {step.Step.ToString().PadLeft(width)}/{steps}  loss {step.Loss,10:G5}  mean of last {count} {sum / count,10:G5}"));
        writer.Flush();
        sum = 0;
        count = 0;
    }
}
