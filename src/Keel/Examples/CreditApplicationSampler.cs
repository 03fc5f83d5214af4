namespace Keel.Examples;

/// <summary>
/// Draws one clean application (before any mess) from a simple causal story: age drives income, tenure, credit
/// history and housing; income drives the loan size; a hidden creditworthiness drives delinquencies, the priced
/// interest rate and default. The label comes from a logistic model of the true values plus noise, so part of the
/// risk is unobservable: gradient-boosted trees reach an AUC near 0.78 on a time split of 10,000 rows.
/// </summary>
/// <remarks>
/// <c>shift</c> is <see cref="CreditRiskOptions.Drift"/> times the row's position in the span (0 at the start,
/// up to the drift at the end). It lowers incomes, raises loan sizes, rates and debt-to-income, grows the share of
/// the <c>green_energy</c> purpose (absent when there is no drift) and changes the label's relationship to the
/// features (debt-to-income weighs more, income less, the base rate rises).
/// </remarks>
internal static class CreditApplicationSampler
{
    /// <summary>Purposes in a stationary population; <see cref="NewPurpose"/> appears only with drift.</summary>
    public static readonly string[] Purposes =
        ["debt_consolidation", "credit_card", "home_improvement", "car", "medical", "education", "small_business", "other"];

    private static readonly double[] s_purposeWeights = [0.32, 0.20, 0.10, 0.10, 0.06, 0.06, 0.06, 0.10, 0.0];
    private static readonly double[] s_purposeRisk = [0.10, 0.15, -0.25, -0.20, 0.30, 0.20, 0.55, 0.0, 1.20];

    /// <summary>The purpose whose share grows with drift (up to 18% of new applications at drift 1).</summary>
    public const string NewPurpose = "green_energy";

    /// <summary>Brazilian states, weighted roughly by population.</summary>
    public static readonly string[] Regions = ["SP", "MG", "RJ", "BA", "PR", "RS", "PE", "CE", "PA", "SC", "GO", "AM", "DF"];

    private static readonly double[] s_regionWeights = [0.28, 0.11, 0.10, 0.07, 0.07, 0.07, 0.05, 0.05, 0.04, 0.05, 0.04, 0.03, 0.04];
    private static readonly double[] s_regionRisk = [0.0, 0.05, 0.15, 0.2, -0.1, -0.15, 0.2, 0.2, 0.25, -0.2, 0.05, 0.2, -0.1];

    /// <summary>Home ownership levels as the source system spells them.</summary>
    public static readonly string[] HomeOwnership = ["rent", "mortgage", "own", "other"];

    private static readonly int[] s_terms = [12, 24, 36, 60];
    private static readonly string[] s_firstNames = ["ana", "bruno", "carla", "diego", "elisa", "fabio", "gabriela", "hugo", "iris", "joao", "larissa", "marcos", "nina", "otavio", "paula", "rafael"];
    private static readonly string[] s_lastNames = ["silva", "souza", "costa", "santos", "oliveira", "pereira", "lima", "ferreira", "almeida", "ribeiro"];
    private static readonly string[] s_domains = ["example.com", "example.org", "example.net"];

    /// <summary>Log of the median annual income at no drift.</summary>
    private static readonly double s_logMedianIncome = Math.Log(48_000);

    // Intercept chosen so that about 16% of applications default at no drift (16.3% over 200,000 rows, seed 42; 23% at drift 1).
    private const double BaseLogit = -2.55;

    public static CreditApplication Sample(SplitMix64 rng, int index, DateTimeOffset appliedAt, double shift)
    {
        var age = (int)Math.Clamp(Math.Round(rng.NextNormal(41, 12)), 18, 80);
        var adultYears = age - 18;
        var logIncome = rng.NextNormal(s_logMedianIncome + (0.012 * (Math.Min(age, 55) - 40)), 0.5) - (0.30 * shift);
        var income = Math.Round(Math.Exp(logIncome) / 10) * 10;
        var employment = Math.Round(Math.Min(adultYears, -Math.Log(1 - rng.NextDouble()) * (2 + (0.15 * adultYears))), 1);

        var ownWeight = 0.06 + (0.006 * adultYears);
        var mortgageWeight = 0.20 + (0.006 * Math.Min(adultYears, 30));
        ReadOnlySpan<double> homeWeights = [Math.Max(0.15, 0.95 - ownWeight - mortgageWeight), mortgageWeight, ownWeight, 0.04];
        var home = HomeOwnership[rng.NextWeighted(homeWeights)];

        Span<double> purposeWeights = stackalloc double[s_purposeWeights.Length];
        s_purposeWeights.CopyTo(purposeWeights);
        purposeWeights[^1] = 0.22 * shift; // share 0.22·s / (1 + 0.22·s): 18% at drift 1
        var purposeIndex = rng.NextWeighted(purposeWeights);
        var purpose = purposeIndex < Purposes.Length ? Purposes[purposeIndex] : NewPurpose;
        var regionIndex = rng.NextWeighted(s_regionWeights);

        var loan = Math.Clamp(Math.Round(Math.Exp(rng.NextNormal(Math.Log(income * 0.25), 0.5)) * (1 + (0.15 * shift)) / 100) * 100, 1_000, 150_000);
        var loanToIncome = loan / income;
        ReadOnlySpan<double> termWeights = [0.25 - Math.Min(0.15, loanToIncome * 0.2), 0.25, 0.35, 0.15 + Math.Min(0.25, loanToIncome * 0.4)];
        var term = s_terms[rng.NextWeighted(termWeights)];

        var dti = Math.Round(Math.Clamp(rng.NextNormal(0.26 + (0.10 * shift) + (0.08 * Math.Min(loanToIncome, 1)), 0.11), 0.01, 1.2), 2);
        var history = (int)Math.Round((0.15 + (0.85 * rng.NextDouble())) * adultYears * 12) + rng.NextInt(12);
        var openAccounts = rng.NextPoisson(1.5 + (0.08 * history / 12.0) + (3 * dti));

        var hidden = rng.NextNormal(); // creditworthiness the lender only partly sees (higher = riskier)
        var delinquencies = rng.NextPoisson(Math.Exp(-1.7 + (0.8 * hidden)));
        var rate = Math.Round(Math.Clamp(9.5 + (1.5 * shift) + (2.2 * ((0.8 * hidden) + (0.5 * rng.NextNormal()))) + (term >= 60 ? 1.0 : 0.0), 4.0, 32.0), 2);

        var logit = BaseLogit
            + (0.25 * shift)
            + (1.00 * hidden)
            + ((4.0 + (3.0 * shift)) * (dti - 0.3))
            + ((-0.70 + (0.50 * shift)) * (logIncome - s_logMedianIncome) / 0.5)
            + (0.40 * Math.Min(delinquencies, 4))
            + (age < 25 ? 0.50 : 0.0)
            + (home == "rent" ? 0.25 : 0.0)
            + (term >= 60 ? 0.20 : 0.0)
            + (0.15 * Math.Min(loanToIncome - 0.3, 1.5))
            + s_purposeRisk[purposeIndex]
            + s_regionRisk[regionIndex]
            + rng.NextNormal(0, 0.3);
        var probability = 1 / (1 + Math.Exp(-logit));

        var first = s_firstNames[rng.NextInt(s_firstNames.Length)];
        var last = s_lastNames[rng.NextInt(s_lastNames.Length)];
        var email = $"{first}.{last}{rng.NextInt(1000)}@{s_domains[rng.NextInt(s_domains.Length)]}";

        return new CreditApplication
        {
            ApplicationId = $"APP-{index + 1:D7}",
            AppliedAt = appliedAt,
            Age = age,
            Income = income,
            EmploymentYears = employment,
            LoanAmount = loan,
            LoanTermMonths = term,
            InterestRate = rate,
            DebtToIncome = dti,
            CreditHistoryMonths = history,
            NumOpenAccounts = openAccounts,
            NumDelinquencies = delinquencies,
            HomeOwnership = home,
            Purpose = purpose,
            Region = Regions[regionIndex],
            Email = email,
            Defaulted = rng.Chance(probability),
            DefaultProbability = probability,
        };
    }
}
