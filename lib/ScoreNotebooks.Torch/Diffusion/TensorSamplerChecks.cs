using ScoreNotebooks.Torch.ScoreMatching;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Diffusion;

/// <summary>Checks shared by the tensor diffusion samplers: particles, times, and what a score returns.</summary>
internal static class TensorSamplerChecks
{
    /// <summary>A finite (n, d) batch with n, d ≥ 1; returns a detached private copy.</summary>
    public static Tensor Particles(Tensor? x, string paramName)
    {
        SdeTensors.CheckPoints(x!, paramName);
        using (var noGrad = no_grad())
        {
            if (!x!.isfinite().all().item<bool>())
                throw new ArgumentException($"{paramName} has a non-finite entry.", paramName);
        }
        return x.detach().clone();
    }

    /// <summary>Evaluates s(x, t) with t repeated for every row and checks its shape (ParamName "score").</summary>
    public static Tensor Score(Func<Tensor, Tensor, Tensor> score, Tensor x, double t)
    {
        using var scope = NewDisposeScope();
        var times = full(x.shape[0], t, ScalarType.Float32, x.device);
        var s = ScoreDivergence.Evaluate(input => score(input, times), x);                      // (n, d)
        return s.MoveToOuterDisposeScope();
    }

    /// <summary>Throws when a particle became non-finite (ParamName "score": the score or the step count is to blame).</summary>
    public static void Finite(Tensor x, int step, double t)
    {
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException(
                $"a particle became non-finite at step {step} (t = {t:G6}): the score returned a non-finite value or is too large for this step count.",
                "score");
    }

    /// <summary>Checks a time is finite and lies in [0, T].</summary>
    public static double Time(ScoreNotebooks.Diffusion.Sde sde, double t, string paramName)
    {
        if (!double.IsFinite(t))
            throw new ArgumentException($"{paramName} must be a finite number, but was {t}.", paramName);
        if (t < 0 || t > sde.T)
            throw new ArgumentOutOfRangeException(paramName, t, $"{paramName} must lie in [0, T] = [0, {sde.T:G6}].");
        return t;
    }
}
