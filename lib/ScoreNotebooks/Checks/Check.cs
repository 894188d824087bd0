using ScoreNotebooks.Divergences;

namespace ScoreNotebooks.Checks;

/// <summary>
/// The checks a chapter shows beside its exact values, and the check cells that grade exercises.
/// Each check prints one line — <c>PASS</c> or <c>FAIL</c>, the quantity, the measured and the exact
/// value and the tolerance — and returns the measured value; a failed check also throws
/// <see cref="CheckFailedException"/>, so a notebook whose claim does not hold stops right there.
/// </summary>
/// <remarks>
/// Output goes to <see cref="Console.Out"/>, which the notebook engine captures as the cell's
/// stdout. Each check also hands a structured record of itself to the host's display sink when one is
/// published (<see cref="CheckRecord"/>), so that a grader reads verdicts without parsing text. The tolerances are the caller's: a closed form is compared with an absolute or relative
/// bound, a Monte Carlo estimate with a number of standard errors.
/// </remarks>
public static class Check
{
    /// <summary>Checks |measured − exact| ≤ tolerance.</summary>
    /// <param name="what">What is measured, as the reader should read it (non-empty).</param>
    /// <param name="measured">The computed value, finite.</param>
    /// <param name="exact">The exact value, finite.</param>
    /// <param name="tolerance">The absolute tolerance, ≥ 0.</param>
    /// <returns><paramref name="measured"/>.</returns>
    /// <exception cref="ArgumentException">An empty description or a non-finite number.</exception>
    /// <exception cref="CheckFailedException">The difference exceeds the tolerance.</exception>
    public static double Close(string what, double measured, double exact, double tolerance)
    {
        Describe(what);
        Guard.Finite(measured, nameof(measured));
        Guard.Finite(exact, nameof(exact));
        Guard.NonNegative(tolerance, nameof(tolerance));
        double gap = Math.Abs(measured - exact);
        bool passed = gap <= tolerance;
        Report(new CheckRecord(what, passed, measured, exact, tolerance, CheckRecord.AbsoluteKind,
                FormattableString.Invariant($"|difference| {gap:G6}")),
            $"{what}: {Value(measured)} vs exact {Value(exact)} (|difference| {gap:0.##e+0} {Bound(passed)} {tolerance:0.##e+0})");
        return measured;
    }

    // Eight significant digits; below 10⁻⁴ or from 10⁸ up, as 1.3243439e-10 rather than .NET's 1.3243439E-010.
    private static string Value(double v) =>
        v != 0 && (Math.Abs(v) < 1e-4 || Math.Abs(v) >= 1e8)
            ? v.ToString("0.#######e+0", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString("G8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks |measured − exact| ≤ tolerance · max(|exact|, tiny), a relative bound.</summary>
    /// <param name="what">What is measured (non-empty).</param>
    /// <param name="measured">The computed value, finite.</param>
    /// <param name="exact">The exact value, finite.</param>
    /// <param name="relativeTolerance">The relative tolerance, ≥ 0.</param>
    /// <returns><paramref name="measured"/>.</returns>
    /// <exception cref="ArgumentException">An empty description or a non-finite number.</exception>
    /// <exception cref="CheckFailedException">The relative difference exceeds the tolerance.</exception>
    public static double Relative(string what, double measured, double exact, double relativeTolerance)
    {
        Describe(what);
        Guard.Finite(measured, nameof(measured));
        Guard.Finite(exact, nameof(exact));
        Guard.NonNegative(relativeTolerance, nameof(relativeTolerance));
        // Dividing by at least the smallest normal double keeps an exact zero from producing NaN.
        double relative = Math.Abs(measured - exact) / Math.Max(Math.Abs(exact), double.Epsilon);
        bool passed = relative <= relativeTolerance;
        Report(new CheckRecord(what, passed, measured, exact, relativeTolerance, CheckRecord.RelativeKind,
                FormattableString.Invariant($"relative difference {relative:G6}")),
            $"{what}: {Value(measured)} vs exact {Value(exact)} (relative difference {relative:0.##e+0} {Bound(passed)} {relativeTolerance:0.##e+0})");
        return measured;
    }

    /// <summary>Checks that a Monte Carlo estimate lies within k standard errors of the exact value.</summary>
    /// <param name="what">What is estimated (non-empty).</param>
    /// <param name="estimate">The estimate with its standard error.</param>
    /// <param name="exact">The exact value, finite.</param>
    /// <param name="standardErrors">The allowed distance k &gt; 0, in standard errors.</param>
    /// <returns><paramref name="estimate"/>.</returns>
    /// <exception cref="ArgumentException">An empty description, a non-finite exact value or k ≤ 0.</exception>
    /// <exception cref="CheckFailedException">|estimate − exact| &gt; k · s.e.</exception>
    public static MonteCarloEstimate WithinStandardErrors(string what, MonteCarloEstimate estimate, double exact,
        double standardErrors)
    {
        Describe(what);
        Guard.Positive(standardErrors, nameof(standardErrors));
        double distance = estimate.StandardErrorsFrom(exact);
        bool passed = distance <= standardErrors;
        Report(new CheckRecord(what, passed, estimate.Value, exact, standardErrors, CheckRecord.StandardErrorsKind,
                FormattableString.Invariant(
                    $"standard error {estimate.StandardError:G6}, {distance:G6} standard errors from the exact value")),
            $"{what}: {estimate.Value:G6} ± {estimate.StandardError:G3} vs exact {exact:G6} " +
            $"({distance:F2} standard errors {Bound(passed)} {standardErrors:G3})");
        return estimate;
    }

    /// <summary>Checks a statement that is either true or false, such as "the sequence never decreases".</summary>
    /// <param name="what">The statement (non-empty).</param>
    /// <param name="holds">Whether it holds.</param>
    /// <param name="detail">The evidence, shown after the statement (may be empty).</param>
    /// <exception cref="ArgumentException">An empty statement.</exception>
    /// <exception cref="CheckFailedException"><paramref name="holds"/> is false.</exception>
    public static void That(string what, bool holds, string detail = "")
    {
        Describe(what);
        Report(new CheckRecord(what, holds, null, null, null, CheckRecord.StatementKind, detail ?? ""),
            string.IsNullOrEmpty(detail) ? what : $"{what} ({detail})");
    }

    private static void Describe(string what)
    {
        if (string.IsNullOrWhiteSpace(what))
            throw new ArgumentException("Describe what is checked: the description is empty.", nameof(what));
    }

    /// <summary>The sign between a measured distance and its bound: ≤ when the check passed, &gt; when not.</summary>
    private static string Bound(bool passed) => passed ? "≤" : ">";

    private static void Report(CheckRecord record, string line)
    {
        bool passed = record.Passed;
        Console.WriteLine($"{(passed ? "PASS" : "FAIL")}  {line}");
        record.Publish();
        if (!passed)
            throw new CheckFailedException(line);
    }
}
