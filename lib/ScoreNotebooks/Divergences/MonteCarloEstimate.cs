namespace ScoreNotebooks.Divergences;

/// <summary>
/// A Monte Carlo estimate: the sample mean of n ≥ 2 i.i.d. terms with its standard error.
/// </summary>
/// <remarks>
/// For terms t₁ … tₙ, <see cref="Value"/> = t̄ = (1/n) Σ tᵢ and
/// <see cref="StandardError"/> = s/√n with s² = (1/(n − 1)) Σ (tᵢ − t̄)², the usual unbiased
/// sample variance. By the central limit theorem t̄ ± z·s/√n is an approximate two-sided
/// confidence interval (z = 1.96 for 95 %). Immutable.
/// </remarks>
public readonly record struct MonteCarloEstimate
{
    /// <summary>Creates an estimate from its parts.</summary>
    /// <param name="value">The estimate, finite.</param>
    /// <param name="standardError">Its standard error, finite and ≥ 0.</param>
    /// <param name="sampleCount">The number of terms averaged, ≥ 1.</param>
    /// <exception cref="ArgumentException">A non-finite value or standard error.</exception>
    /// <exception cref="ArgumentOutOfRangeException">standardError &lt; 0 or sampleCount &lt; 1.</exception>
    public MonteCarloEstimate(double value, double standardError, int sampleCount)
    {
        Value = Guard.Finite(value, nameof(value));
        StandardError = Guard.NonNegative(standardError, nameof(standardError));
        SampleCount = Guard.Positive(sampleCount, nameof(sampleCount));
    }

    /// <summary>The estimate t̄, any finite real.</summary>
    public double Value { get; }

    /// <summary>The standard error s/√n ≥ 0 of <see cref="Value"/>.</summary>
    public double StandardError { get; }

    /// <summary>The number n ≥ 1 of terms averaged.</summary>
    public int SampleCount { get; }

    /// <summary>The mean and standard error of n ≥ 2 finite terms.</summary>
    /// <param name="terms">The i.i.d. terms tᵢ; at least two, all finite.</param>
    /// <exception cref="ArgumentNullException">terms is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two terms, or a non-finite term.</exception>
    public static MonteCarloEstimate FromTerms(IReadOnlyList<double> terms)
    {
        Guard.NotNull(terms, nameof(terms));
        int n = terms.Count;
        if (n < 2)
            throw new ArgumentException($"terms has {n} entries; a standard error needs at least 2.", nameof(terms));
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(terms[i]))
                throw new ArgumentException($"terms[{i}] is {terms[i]}; every term must be finite.", nameof(terms));
            sum += terms[i];
        }
        double mean = sum / n;
        // Two passes: the variance of the centred terms avoids the cancellation of E[t²] − t̄².
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double centred = terms[i] - mean;
            squares += centred * centred;
        }
        return new MonteCarloEstimate(mean, Math.Sqrt(squares / (n - 1) / n), n);
    }

    /// <summary>The interval t̄ ± z·(standard error).</summary>
    /// <param name="z">The half-width in standard errors, z &gt; 0 (1.96 for ≈ 95 %).</param>
    /// <exception cref="ArgumentOutOfRangeException">z ≤ 0.</exception>
    public (double Lower, double Upper) ConfidenceInterval(double z = 1.96)
    {
        Guard.Positive(z, nameof(z));
        return (Value - z * StandardError, Value + z * StandardError);
    }

    /// <summary>How many standard errors <paramref name="reference"/> lies from <see cref="Value"/>.</summary>
    /// <remarks>|t̄ − reference| / (standard error); +∞ when the standard error is 0 and they differ.</remarks>
    /// <exception cref="ArgumentException">reference is not finite.</exception>
    public double StandardErrorsFrom(double reference)
    {
        Guard.Finite(reference, nameof(reference));
        double gap = Math.Abs(Value - reference);
        return gap == 0 ? 0 : gap / StandardError;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Value:G6} ± {StandardError:G3} (n = {SampleCount})";
}
